package dev.kgate.http.webhook;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * How a sender puts its HMAC-SHA256 signature in a header, and what it signs. Each style parses a header value into
 * the signatures it presents; a value that does not parse is refused as malformed, before any HMAC is computed.
 */
public enum SignatureStyle {

    /** GitHub's {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC of the body alone. */
    GITHUB("X-Hub-Signature-256") {
        @Override
        Presented parse(String value) {
            String trimmed = withoutSpaces(value);
            if (!trimmed.regionMatches(true, 0, GITHUB_PREFIX, 0, GITHUB_PREFIX.length())) {
                throw new IllegalArgumentException("the signature header is not " + GITHUB_PREFIX + "<hex>");
            }
            return new Presented(null, List.of(hex(trimmed.substring(GITHUB_PREFIX.length()))));
        }
    },
    /**
     * {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, the HMAC of {@code <t>.<body>} (Stripe's style; several
     * {@code v1} while a secret is rotated). Other schemes ({@code v0}) are ignored.
     */
    TIMESTAMPED("Stripe-Signature") {
        @Override
        Presented parse(String value) {
            String timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String part : value.split(",", -1)) {
                int equals = part.indexOf('=');
                String name = equals < 0 ? "" : withoutSpaces(part.substring(0, equals));
                String content = equals < 0 ? "" : withoutSpaces(part.substring(equals + 1));
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("the signature header is not t=<unix seconds>,v1=<hex>");
                }
                if (name.equals("t")) {
                    if (timestamp != null || !digits(content)) {
                        throw new IllegalArgumentException("the signature header needs one t=<unix seconds>");
                    }
                    timestamp = content;
                } else if (name.equals("v1")) {
                    if (signatures.size() == MAX_SIGNATURES) {
                        throw new IllegalArgumentException("the signature header has more than " + MAX_SIGNATURES
                                + " v1 signatures");
                    }
                    signatures.add(hex(content));
                }
            }
            if (timestamp == null || signatures.isEmpty()) {
                throw new IllegalArgumentException("the signature header needs t=<unix seconds> and v1=<hex>");
            }
            return new Presented(timestamp, signatures);
        }
    };

    /** What a header value presents: the signed timestamp (null in the GitHub style) and the signatures. */
    record Presented(String timestamp, List<byte[]> signatures) {
    }

    /** Enough for a sender rotating its secret; more is an attempt to make each request cost many comparisons. */
    static final int MAX_SIGNATURES = 8;
    /** Seconds since 1970 fit in 12 digits for the next 30,000 years; more is not a timestamp. */
    private static final int MAX_TIMESTAMP_DIGITS = 12;
    private static final String GITHUB_PREFIX = "sha256=";
    private static final int SIGNATURE_BYTES = 32;

    private final String defaultHeader;

    SignatureStyle(String defaultHeader) {
        this.defaultHeader = defaultHeader;
    }

    /** The header this style's senders use, when a rule names none. */
    public String defaultHeader() {
        return defaultHeader;
    }

    /** The name in {@code stations.rule.<name>.signature}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the style a config names, or null */
    public static SignatureStyle named(String name) {
        for (SignatureStyle style : values()) {
            if (style.configName().equals(name)) {
                return style;
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException saying what is malformed (never echoing the value) */
    abstract Presented parse(String value);

    /** 64 hex digits, either case: the same signature in upper case is the same bytes, so no replay slips through. */
    private static byte[] hex(String digits) {
        if (digits.length() != 2 * SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature is not " + 2 * SIGNATURE_BYTES + " hex digits");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                throw new IllegalArgumentException("a signature is not " + 2 * SIGNATURE_BYTES + " hex digits");
            }
        }
        return HexFormat.of().parseHex(digits);
    }

    /** Without the spaces and tabs HTTP allows around values; unlike trim(), control characters stay and fail. */
    private static String withoutSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean digits(String value) {
        if (value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
