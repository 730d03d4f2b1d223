package dev.kgate.http.access;

import javax.security.auth.x500.X500Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http.tls.principal.mapping.rules}: how a client certificate's subject names its principal. A subset of
 * Kafka's {@code ssl.principal.mapping.rules}, tried in order, the first that applies wins (see
 * {@link CertificateNameRule}). Kafka's {@code DEFAULT}, the whole subject, is left out: a grant could not name it,
 * as it holds {@code ,} and {@code =}. Plain JDK, so the config can check rules without the listener's classes.
 */
public final class CertificateNameRules {

    public static final String DEFAULT_RULES = "CN";
    private static final int MAX_NAME_LENGTH = 255;
    // Kafka's rule syntax: a pattern and a replacement in which \ escapes, so each may hold / as \/, and commas.
    private static final Pattern RULE = Pattern.compile(
            "\\s*(?:(CN)|(DEFAULT)|RULE:((?:\\\\.|[^\\\\/])*)/((?:\\\\.|[^\\\\/])*)/([LU]?))\\s*(?:,|$)");

    private final List<CertificateNameRule> rules;

    private CertificateNameRules(List<CertificateNameRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param rules comma-separated {@code CN} and {@code RULE:pattern/replacement/[L|U]} entries
     * @throws IllegalArgumentException naming the entry at fault
     */
    public static CertificateNameRules parse(String rules) {
        String text = rules.trim();
        List<CertificateNameRule> parsed = new ArrayList<>();
        Matcher matcher = RULE.matcher(text);
        int at = 0;
        while (at < text.length()) {
            matcher.region(at, text.length());
            if (!matcher.lookingAt()) {
                throw new IllegalArgumentException("'" + text.substring(at) + "' is not CN or"
                        + " RULE:pattern/replacement/ (with L or U after the last / to change case)");
            }
            if (matcher.group(2) != null) {
                throw new IllegalArgumentException("DEFAULT (Kafka's whole subject) cannot name a principal a grant"
                        + " can hold, as a subject holds ',' and '=': use CN, or a RULE that picks the name out");
            }
            parsed.add(matcher.group(1) != null ? CertificateNameRule.COMMON_NAME
                    : CertificateNameRule.rule(matcher.group(3), matcher.group(4), matcher.group(5)));
            at = matcher.end();
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no rule: " + DEFAULT_RULES + " names a certificate by its subject's"
                    + " common name");
        }
        return new CertificateNameRules(parsed);
    }

    /** @return the name the first applicable rule gives, or null when none applies or it gives no usable name */
    public String nameOf(X500Principal subject) {
        for (CertificateNameRule rule : rules) {
            String name = rule.apply(subject);
            if (name != null) {
                return invalidNameReason(name) == null ? name : null;
            }
        }
        return null;
    }

    /** @return why a grant could not name this, or null when it can */
    public static String invalidNameReason(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "a name has 1 to " + MAX_NAME_LENGTH + " characters";
        }
        if (!name.strip().equals(name)) {
            return "a name does not start or end with a space";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '=' || Character.isISOControl(c)) {
                return "a name holds no ',', '=' or control character";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
