package dev.kgate.http.metrics;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.HeaderMap;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalReasonTest {

    private static HttpServerExchange answered(int status) {
        HttpServerExchange exchange = new HttpServerExchange((ServerConnection) null, new HeaderMap(), new HeaderMap(),
                0);
        exchange.setStatusCode(status);
        return exchange;
    }

    @Test
    void aStatusStandsForAReasonAndAMarkTellsA503Apart() {
        assertNull(RefusalReason.of(answered(200)));
        assertNull(RefusalReason.of(answered(101)));
        assertEquals(RefusalReason.INVALID, RefusalReason.of(answered(400)));
        assertEquals(RefusalReason.RATE_LIMITED, RefusalReason.of(answered(429)));
        assertEquals(RefusalReason.UNAVAILABLE, RefusalReason.of(answered(503)));
        assertEquals(RefusalReason.ACK_TIMEOUT, RefusalReason.of(answered(504)));
        assertEquals(RefusalReason.OTHER, RefusalReason.of(answered(418)));
        assertEquals(RefusalReason.SERVER_ERROR, RefusalReason.of(answered(500)));

        HttpServerExchange full = answered(503);
        RefusalReason.QUEUE_FULL.markOn(full);
        assertEquals(RefusalReason.QUEUE_FULL, RefusalReason.of(full));
        full.setStatusCode(200);
        assertNull(RefusalReason.of(full), "a mark without a refusal status is no refusal");
    }

    @Test
    void tagsAreFewDistinctAndPlain() {
        Set<String> tags = new HashSet<>();
        for (RefusalReason reason : RefusalReason.values()) {
            assertTrue(reason.tag().matches("[a-z-]+"), reason.tag());
            tags.add(reason.tag());
        }
        assertEquals(RefusalReason.values().length, tags.size());
        for (int status = 400; status < 600; status++) {
            assertTrue(RefusalReason.ofStatus(status) != null, "every refusal status has a reason: " + status);
        }
    }
}
