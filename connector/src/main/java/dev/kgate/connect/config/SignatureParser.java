package dev.kgate.connect.config;

import dev.kgate.http.webhook.SignatureStyle;
import dev.kgate.http.webhook.WebhookSignature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A station rule's signature: {@code stations.rule.<name>.signature} ({@code github} or {@code timestamped}) with
 * {@code .signature.secret} (comma-separated while one is rotated), {@code .signature.header},
 * {@code .signature.tolerance.seconds} and {@code .signature.only}. Errors name the rule and the key, never a secret.
 */
final class SignatureParser {

    static final String SIGNATURE = "signature";
    static final String SECRET = "signature.secret";
    static final String HEADER = "signature.header";
    static final String TOLERANCE = "signature.tolerance.seconds";
    static final String ONLY = "signature.only";
    private static final Set<String> KEYS = Set.of(SIGNATURE, SECRET, HEADER, TOLERANCE, ONLY);
    /** A shorter secret can be guessed offline from one signed request. */
    static final int MIN_SECRET_BYTES = 16;
    /** A day: a longer window only keeps more payloads in memory. */
    static final long MAX_TOLERANCE_SECONDS = 86_400;
    /** Headers that carry credentials of their own: the authenticator reads them, so a signature cannot live there. */
    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private SignatureParser() {
    }

    /** @return the rule's signature, or null when it has none */
    static WebhookSignature parse(String rule, Map<String, ?> originals) {
        String prefix = StationRulesParser.PREFIX + rule + ".";
        for (String key : originals.keySet()) {
            if (key.startsWith(prefix + SIGNATURE) && !KEYS.contains(key.substring(prefix.length()))) {
                throw new IllegalArgumentException("rule '" + rule + "': unknown key " + key + " (known: "
                        + String.join(", ", KEYS.stream().sorted().map(k -> prefix + k).toList()) + ")");
            }
        }
        String styleName = StationRulesParser.string(originals, rule, SIGNATURE);
        if (styleName == null) {
            for (String key : KEYS) {
                if (StationRulesParser.string(originals, rule, key) != null) {
                    throw new IllegalArgumentException("rule '" + rule + "': " + prefix + key + " is set but "
                            + prefix + SIGNATURE + " is not (github or timestamped)");
                }
            }
            return null;
        }
        SignatureStyle style = SignatureStyle.named(styleName.trim().toLowerCase(Locale.ROOT));
        if (style == null) {
            throw new IllegalArgumentException("rule '" + rule + "': " + prefix + SIGNATURE
                    + " must be github or timestamped");
        }
        WebhookSignature.Builder builder = WebhookSignature.builder(style, secrets(rule, originals));
        String header = StationRulesParser.string(originals, rule, HEADER);
        if (header != null) {
            builder.header(header(rule, header.trim()));
        }
        String tolerance = StationRulesParser.string(originals, rule, TOLERANCE);
        if (tolerance != null) {
            builder.toleranceSeconds(tolerance(rule, tolerance.trim()));
        }
        String only = StationRulesParser.string(originals, rule, ONLY);
        if (only != null) {
            builder.only(bool(rule, only.trim()));
        }
        return builder.build();
    }

    private static List<byte[]> secrets(String rule, Map<String, ?> originals) {
        String key = StationRulesParser.PREFIX + rule + "." + SECRET;
        String value = StationRulesParser.string(originals, rule, SECRET);
        if (value == null) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + " is required (the webhook's secret;"
                    + " use a config provider such as ${file:...})");
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String secret : value.split(",", -1)) {
            byte[] bytes = secret.trim().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                // Which one, by position only: the message must not show any part of a secret.
                throw new IllegalArgumentException("rule '" + rule + "': " + key + ": secret " + (secrets.size() + 1)
                        + " is " + (bytes.length == 0 ? "empty" : "shorter than " + MIN_SECRET_BYTES + " bytes"));
            }
            secrets.add(bytes);
        }
        return secrets;
    }

    private static String header(String rule, String header) {
        boolean token = !header.isEmpty();
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            token &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_PUNCTUATION.indexOf(c) >= 0;
        }
        String key = StationRulesParser.PREFIX + rule + "." + HEADER;
        if (!token) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + " '" + header
                    + "' is not a header name");
        }
        if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + " cannot be " + header
                    + ", which carries credentials of its own");
        }
        return header;
    }

    private static long tolerance(String rule, String value) {
        String key = StationRulesParser.PREFIX + rule + "." + TOLERANCE;
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= MAX_TOLERANCE_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Answered below, with the range.
        }
        throw new IllegalArgumentException("rule '" + rule + "': " + key + " must be a whole number of seconds from"
                + " 1 to " + MAX_TOLERANCE_SECONDS);
    }

    private static boolean bool(String rule, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("rule '" + rule + "': " + StationRulesParser.PREFIX + rule + "." + ONLY
                + " must be true or false");
    }
}
