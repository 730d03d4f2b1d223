package dev.kgate.http.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialTest {

    @Test
    void plainSecretMatchesOnlyItself() {
        Credential credential = Credential.parse("memphis");
        assertTrue(credential.matches("memphis"));
        assertFalse(credential.matches("Memphis"));
        assertFalse(credential.matches("memphis "));
        assertFalse(credential.matches(""));
    }

    @Test
    void pbkdf2HashMatchesTheSecretItWasMadeFrom() {
        String hashed = Credential.hash("s3cret".toCharArray(), 1_000);
        assertTrue(hashed.startsWith("pbkdf2-sha256$1000$"));
        assertFalse(hashed.contains("s3cret"));
        Credential credential = Credential.parse(hashed);
        assertTrue(credential.matches("s3cret"));
        assertFalse(credential.matches("s3cret!"));
    }

    @Test
    void malformedHashesAreRefusedWithoutEchoingThem() {
        for (String bad : new String[]{"pbkdf2-sha256$", "pbkdf2-sha256$x$AA==$AA==", "pbkdf2-sha256$0$AA==$AA==",
                "pbkdf2-sha256$10$not base64$AA==", "pbkdf2-sha256$10$$AA==", "pbkdf2-sha256$10$AA==$"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Credential.parse(bad));
            assertFalse(e.getMessage().contains("AA=="), e.getMessage());
        }
    }

    @Test
    void userStoreChecksKnownUsersAndRefusesUnknownOnes() {
        UserStore users = new UserStore(java.util.Map.of("root", Credential.parse("memphis"),
                "alice", Credential.parse(Credential.hash("wonderland".toCharArray(), 1_000))));
        assertTrue(users.verify("root", "memphis"));
        assertTrue(users.verify("alice", "wonderland"));
        assertFalse(users.verify("root", "wonderland"), "a secret is its own user's only");
        assertFalse(users.verify("alice", "memphis"));
        assertFalse(users.verify("root", "other"));
        assertFalse(users.verify("nobody", "memphis"));
        assertFalse(users.verify("Root", "memphis"));
        assertFalse(users.verify("root\u0000", "memphis"));
        assertFalse(users.verify("", ""));
        assertFalse(users.verify("alice", ""), "an empty candidate is checked, not thrown on");
        assertFalse(users.verify("\uD800", "\uDFFF"), "lone surrogates");
        assertTrue(users.exists("root"));
        assertFalse(users.exists("nobody"));
        assertFalse(new UserStore(java.util.Map.of()).verify("root", "memphis"), "no users at all");
    }

    @Test
    void aDecoyIsOfTheSameKindAndCostAndMatchesNothing() {
        Credential hashed = Credential.parse(Credential.hash("s3cret".toCharArray(), 1_234));
        Credential decoy = hashed.decoy();
        assertEquals(hashed.cost(), decoy.cost());
        assertEquals(1_234, decoy.cost());
        assertFalse(decoy.matches("s3cret"));
        Credential plain = Credential.parse("memphis");
        assertEquals(0, plain.cost());
        assertEquals(0, plain.decoy().cost());
        assertFalse(plain.decoy().matches("memphis"));
        assertEquals(2_000, Credential.parse("pbkdf2-sha256$1000$AAAA$" + java.util.Base64.getEncoder()
                .encodeToString(new byte[64])).cost(), "a 64-byte hash is two runs of the iterations");
    }
}
