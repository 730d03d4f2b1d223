package dev.kgate.http.access;

import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** http.tls.principal.mapping.rules: what name a client certificate's subject gets, if any. */
class CertificateNameRulesTest {

    private static String name(String rules, String subject) {
        return CertificateNameRules.parse(rules).nameOf(new X500Principal(subject));
    }

    @Test
    void byDefaultTheCommonNameNamesTheCertificate() {
        String rules = CertificateNameRules.DEFAULT_RULES;
        assertEquals("alice", name(rules, "CN=alice,OU=clients,O=Example"));
        assertEquals("billing service", name(rules, "O=Example, CN=billing service"));
        assertEquals("alice", name(rules, "cn=alice"));
        // No common name, or two: no name rather than a guess.
        assertNull(name(rules, "OU=clients,O=Example"));
        assertNull(name(rules, "CN=alice,CN=admin,O=Example"));
        // A name a grant could not hold (principal=operation:pattern, comma-separated) is no name.
        assertNull(name(rules, "CN=a\\,b"));
        assertNull(name(rules, "CN=a\\=b"));
        assertNull(name(rules, "CN=" + "x".repeat(256)));
    }

    @Test
    void kafkaStyleRulesPickTheNameOutOfTheWholeSubject() {
        String rules = "RULE:^CN=([^,]*),OU=ServiceUsers,.*$/svc-$1/L, RULE:^CN=([^,]*),OU=(.*?),O=.*$/$1@$2/,CN";
        assertEquals("svc-billing", name(rules, "CN=Billing,OU=ServiceUsers,O=Example"));
        assertEquals("alice@eng", name(rules, "CN=alice,OU=eng,O=Example"));
        assertEquals("bob", name(rules, "CN=bob,O=Example"));
        assertEquals("ALICE", name("RULE:^CN=(.*)$/$1/U", "CN=alice"));
        // The pattern must match the whole subject, and a slash is escaped.
        assertNull(name("RULE:CN=alice/x/", "CN=alice,O=Example"));
        assertEquals("a/b", name("RULE:^CN=(.*)$/a\\/b/", "CN=whoever"));
    }

    @Test
    void rulesThatCannotWorkAreRefusedWhenParsed() {
        for (String rules : List.of("", "DEFAULT", "CN,DEFAULT", "RULE:^CN=(.*)$/$2/", "RULE:(/x/", "RULE://x/",
                "RULE:^CN=(.*)$/$1", "RULE:^CN=(.*)$/$1/X", "CN CN", "UID")) {
            assertThrows(IllegalArgumentException.class, () -> CertificateNameRules.parse(rules), rules);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateNameRules.parse("DEFAULT"))
                .getMessage().contains("CN"));
    }

    @Test
    void certificatePrincipalsAreNamedApartFromUsersAndKeys() {
        Principal principal = Principal.certificate("alice");
        assertEquals("cert:alice", principal.name());
        assertEquals(Principal.Kind.CERTIFICATE, principal.kind());
        assertEquals("cert:alice", principal.recordedName());
        assertNull(CertificatePrincipals.NONE.principalOf(null));
    }

    @Test
    void grantsGiveCertificatePrincipalsWhatTheyNameAndNothingElse() {
        Permissions permissions = Permissions.parse(List.of("cert:alice=write:orders", "alice=write:audit"),
                List.of());
        assertNull(permissions.refusal(Principal.certificate("alice"), Operation.WRITE, "orders"));
        // A certificate for CN=alice is not the user alice: it does not get her grants.
        assertTrue(permissions.refusal(Principal.certificate("alice"), Operation.WRITE, "audit") != null);
        assertTrue(permissions.refusal(Principal.certificate("bob"), Operation.WRITE, "orders") != null);
    }
}
