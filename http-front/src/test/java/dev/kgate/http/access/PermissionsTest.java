package dev.kgate.http.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermissionsTest {

    private static final Principal ALICE = Principal.user("alice", 0);
    private static final Principal BOB = Principal.user("bob", 0);
    private static final Principal ETL = Principal.apiKey("etl");

    private final Permissions permissions = Permissions.parse(List.of("alice=write:orders-*", "alice=read:orders-*",
            " alice = group : alice-* ", "bob=write:audit", "*=read:public", "anonymous=write:webhooks",
            "etl=write:*", "alice=describe:cluster"), List.of("connect-*"));

    @Test
    void nothingIsAllowedUnlessGranted() {
        assertNull(permissions.refusal(ALICE, Operation.WRITE, "orders-eu"));
        assertNull(permissions.refusal(ALICE, Operation.READ, "orders-eu"));
        assertNull(permissions.refusal(ALICE, Operation.GROUP, "alice-readers"));
        assertNull(permissions.refusal(ALICE, Operation.DESCRIBE, Permissions.CLUSTER));
        assertNotNull(permissions.refusal(ALICE, Operation.WRITE, "audit"));
        assertNotNull(permissions.refusal(BOB, Operation.WRITE, "orders-eu"));
        assertNotNull(permissions.refusal(BOB, Operation.READ, "orders-eu"));
        assertNotNull(permissions.refusal(BOB, Operation.GROUP, "alice-readers"));
        assertNotNull(permissions.refusal(BOB, Operation.DESCRIBE, Permissions.CLUSTER));
        assertNotNull(permissions.refusal(Principal.user("carol", 0), Operation.WRITE, "audit"));
        assertNotNull(Permissions.none().refusal(ALICE, Operation.WRITE, "orders-eu"));
    }

    @Test
    void everyPrincipalMeansEveryAuthenticatedOneNotAnonymous() {
        assertNull(permissions.refusal(BOB, Operation.READ, "public"));
        assertNull(permissions.refusal(ETL, Operation.READ, "public"));
        assertNotNull(permissions.refusal(Principal.ANONYMOUS, Operation.READ, "public"));
        assertNull(permissions.refusal(Principal.ANONYMOUS, Operation.WRITE, "webhooks"));
        assertNotNull(permissions.refusal(BOB, Operation.WRITE, "webhooks"));
    }

    @Test
    void internalTopicsAreNeverOpenWhateverAPatternSays() {
        for (String internal : new String[]{"__consumer_offsets", "__transaction_state", "connect-offsets",
                "connect-configs"}) {
            String refusal = permissions.refusal(ETL, Operation.WRITE, internal);
            assertNotNull(refusal, internal);
            assertTrue(refusal.contains("internal"), refusal);
            assertNotNull(permissions.refusal(ETL, Operation.READ, internal), internal);
        }
        assertNull(permissions.refusal(ETL, Operation.WRITE, "_consumer_offsets"));
    }

    @Test
    void refusalsSayWhoMayNotDoWhatWithoutNamingOthers() {
        String refusal = permissions.refusal(BOB, Operation.WRITE, "orders-eu");
        assertTrue(refusal.contains("'bob' may not write to topic 'orders-eu'"), refusal);
        assertTrue(!refusal.contains("alice"), refusal);
        assertTrue(permissions.refusal(Principal.ANONYMOUS, Operation.WRITE, "x").startsWith("A request without"));
    }

    @Test
    void malformedGrantsAreConfigErrorsNamingTheEntry() {
        for (String bad : new String[]{"alice", "alice=write", "=write:x", "alice=:x", "alice=write:",
                "alice=delete:x", "alice=describe:orders"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Permissions.parse(List.of(bad), List.of()), bad);
            assertTrue(e.getMessage().contains(bad.trim()) || e.getMessage().contains("empty"), e.getMessage());
        }
    }
}
