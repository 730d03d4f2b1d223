package dev.kgate.http.auth;

import org.junit.jupiter.api.Test;

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
                "pbkdf2-sha256$10$not base64$AA=="}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Credential.parse(bad));
            assertFalse(e.getMessage().contains("AA=="), e.getMessage());
        }
    }

    @Test
    void userStoreChecksKnownUsersAndRefusesUnknownOnes() {
        UserStore users = new UserStore(java.util.Map.of("root", Credential.parse("memphis")));
        assertTrue(users.verify("root", "memphis"));
        assertFalse(users.verify("root", "other"));
        assertFalse(users.verify("nobody", "memphis"));
        assertTrue(users.exists("root"));
        assertFalse(users.exists("nobody"));
    }
}
