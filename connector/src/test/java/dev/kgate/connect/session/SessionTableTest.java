package dev.kgate.connect.session;

import dev.kgate.http.ws.SocketSessions.Claim;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTableTest {

    private static final long TTL = 30_000;
    private static final long NOW = 1_000_000;

    @Test
    void theEarlierClaimOfAPlaceWinsWhoeverDecides() {
        SessionTable table = new SessionTable(TTL, 0);
        table.read("a", Claim.producer("c", "i1"), 10, NOW);
        table.read("b", Claim.producer("c", "i1"), 11, NOW);
        table.read("x", Claim.producer("c", "i2"), 12, NOW);
        assertNull(table.refusal("a", NOW));
        assertTrue(table.refusal("b", NOW).contains("instanceId 'i1' is already connected"));
        assertNull(table.refusal("x", NOW), "another instance of the same client");
        // A renewal keeps the claim's place in the log.
        table.read("a", Claim.producer("c", "i1"), 20, NOW + 5_000);
        assertTrue(table.refusal("b", NOW + 5_000) != null);
    }

    @Test
    void aSecondSocketWithoutInstanceIdIsRefusedAndTheMaximumPerClientHolds() {
        SessionTable table = new SessionTable(TTL, 2);
        table.read("a", Claim.producer("c", null), 1, NOW);
        table.read("b", Claim.producer("c", null), 2, NOW);
        assertTrue(table.refusal("b", NOW).contains("needs its own instanceId"));
        table.read("b", null, 3, NOW);
        table.read("c", Claim.producer("c", "i2"), 4, NOW);
        table.read("d", Claim.producer("c", "i3"), 5, NOW);
        assertNull(table.refusal("c", NOW));
        assertTrue(table.refusal("d", NOW).contains("the most one client may"));
    }

    @Test
    void aRefusedClaimNotYetGivenBackCountsForNothing() {
        SessionTable table = new SessionTable(TTL, 2);
        table.read("a", Claim.producer("c", "i1"), 1, NOW);
        table.read("dup1", Claim.producer("c", "i1"), 2, NOW);
        table.read("dup2", Claim.producer("c", "i1"), 3, NOW);
        table.read("b", Claim.producer("c", "i2"), 4, NOW);
        table.read("over", Claim.producer("c", "i3"), 5, NOW);
        table.read("over2", Claim.producer("c", "i4"), 6, NOW);
        assertNotNull(table.refusal("dup2", NOW));
        assertNull(table.refusal("b", NOW), "the refused duplicates of i1 hold no place");
        assertTrue(table.refusal("over", NOW).contains("already holds 2 socket(s)"));
        assertTrue(table.refusal("over2", NOW).contains("already holds 2 socket(s)"));
        table.read("dup1", null, 7, NOW);
        table.read("dup2", null, 8, NOW);
        table.read("a", null, 9, NOW);
        assertNull(table.refusal("over", NOW), "once i1 is given back, the next claim in the log holds its place");
    }

    @Test
    void otherClientsClaimsAreNotWeighed() {
        SessionTable table = new SessionTable(TTL, 1);
        for (int i = 0; i < 1_000; i++) {
            table.read("other" + i, Claim.producer("client" + i, null), i, NOW);
        }
        table.read("mine", Claim.producer("c", null), 1_000, NOW);
        assertNull(table.refusal("mine", NOW));
        table.read("moved", Claim.producer("client7", "i"), 1_001, NOW);
        table.read("moved", Claim.producer("c", "i"), 1_002, NOW);
        assertTrue(table.refusal("moved", NOW).contains("already holds 1 socket(s)"),
                "a claim re-read under another clientId is weighed with that client's");
        table.read("other7", null, 1_003, NOW);
        table.read("late7", Claim.producer("client7", "j"), 1_004, NOW);
        assertNull(table.refusal("late7", NOW), "the moved claim no longer counts for its old client");
    }

    @Test
    void consumersAreOnePerClientInAGroupAndApartFromProducers() {
        SessionTable table = new SessionTable(TTL, 1);
        table.read("p", Claim.producer("c", null), 1, NOW);
        table.read("o1", Claim.consumer("c", "g"), 2, NOW);
        table.read("o2", Claim.consumer("c", "g"), 3, NOW);
        table.read("o3", Claim.consumer("c", "h"), 4, NOW);
        assertNull(table.refusal("o1", NOW), "a producer of the same clientId is another place");
        assertNotNull(table.refusal("o2", NOW));
        assertNull(table.refusal("o3", NOW), "another group");
        table.read("o1", null, 5, NOW);
        assertNull(table.refusal("o2", NOW), "the group's first socket was given back");
    }

    @Test
    void aClaimNotRenewedWithinItsTimeToLiveIsDeadAndAGivenBackOneIsGone() {
        SessionTable table = new SessionTable(TTL, 0);
        table.read("dead", Claim.producer("c", "i"), 1, NOW - TTL - 1);
        table.read("new", Claim.producer("c", "i"), 2, NOW);
        assertNull(table.refusal("new", NOW));
        table.read("given", Claim.producer("d", "i"), 3, NOW);
        table.read("given", null, 4, NOW);
        table.read("next", Claim.producer("d", "i"), 5, NOW);
        assertNull(table.refusal("next", NOW));
        assertNotNull(table.refusal("given", NOW), "a claim no longer in the table holds nothing");
    }
}
