package dev.kgate.http.access;

import javax.naming.InvalidNameException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of {@code http.tls.principal.mapping.rules}: the name a certificate's subject gets, or null where the rule
 * does not apply. {@code CN} takes the subject's common name (a subject with none, or with several, is not its
 * business). {@code RULE:pattern/replacement/[L|U]} is a rule of Kafka's {@code ssl.principal.mapping.rules}: the
 * pattern must match the whole RFC 2253 subject ({@code CN=alice,OU=eng,O=Acme}), the replacement ({@code $1} for
 * its first group) is the name, lower- or upper-cased with {@code L} or {@code U}.
 */
final class CertificateNameRule {

    static final CertificateNameRule COMMON_NAME = new CertificateNameRule(null, null, null);

    private final Pattern pattern;
    private final String replacement;
    /** null to keep the case. */
    private final Character caseChange;

    private CertificateNameRule(Pattern pattern, String replacement, Character caseChange) {
        this.pattern = pattern;
        this.replacement = replacement;
        this.caseChange = caseChange;
    }

    /**
     * @param caseChange {@code L}, {@code U}, or empty
     * @throws IllegalArgumentException when the pattern does not compile or the replacement names a missing group
     */
    static CertificateNameRule rule(String pattern, String replacement, String caseChange) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("RULE has an empty pattern");
        }
        Pattern compiled = Pattern.compile(pattern);
        int groups = compiled.matcher("").groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$') {
                // Java reads the first digit after $ as a group number whatever follows; names are not supported.
                int group = i + 1 < replacement.length() ? Character.digit(replacement.charAt(i + 1), 10) : -1;
                if (group < 0 || group > groups) {
                    throw new IllegalArgumentException("RULE:" + pattern + "/" + replacement + "/ refers to a group"
                            + " its pattern does not have (it has " + groups + "; write \\$ for a dollar sign)");
                }
            }
        }
        return new CertificateNameRule(compiled, replacement, caseChange.isEmpty() ? null : caseChange.charAt(0));
    }

    /** @return the name, or null when the rule does not apply to this subject */
    String apply(X500Principal subject) {
        if (pattern == null) {
            return commonName(subject);
        }
        String distinguishedName = subject.getName(X500Principal.RFC2253);
        Matcher matcher = pattern.matcher(distinguishedName);
        if (!matcher.matches()) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        matcher.appendReplacement(name, replacement);
        if (caseChange == null) {
            return name.toString();
        }
        return caseChange == 'L' ? name.toString().toLowerCase(Locale.ROOT) : name.toString().toUpperCase(Locale.ROOT);
    }

    private static String commonName(X500Principal subject) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                Attribute cn = rdn.toAttributes().get("CN");
                for (int i = 0; cn != null && i < cn.size(); i++) {
                    // A value in #hex form is a binary encoding: no name.
                    names.add(cn.get(i) instanceof String value ? value : null);
                }
            }
        } catch (InvalidNameException e) {
            return null;
        } catch (NamingException e) {
            throw new IllegalStateException("cannot read the certificate's subject", e);
        }
        return names.size() == 1 ? names.get(0) : null;
    }

    @Override
    public String toString() {
        return pattern == null ? "CN" : "RULE:" + pattern + "/" + replacement + "/" + (caseChange == null ? ""
                : caseChange);
    }
}
