package dev.kgate.http.pipeline;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.HeaderMap;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdHandlerTest {

    /** Runs the handler on a bare exchange with this X-Request-Id: the id the route saw and the one answered. */
    private static String[] ids(String offered) throws Exception {
        HttpServerExchange exchange = new HttpServerExchange((ServerConnection) null, new HeaderMap(),
                new HeaderMap(), 0);
        if (offered != null) {
            exchange.getRequestHeaders().put(RequestIdHandler.REQUEST_ID, offered);
        }
        AtomicReference<String> seen = new AtomicReference<>();
        new RequestIdHandler(false, ex -> seen.set(RequestIdHandler.idOf(ex))).handleRequest(exchange);
        return new String[]{seen.get(), exchange.getResponseHeaders().getFirst(RequestIdHandler.REQUEST_ID)};
    }

    @Test
    void aPlainClientIdIsKeptAndEchoedAnythingElseIsReplaced() throws Exception {
        assertEquals("abc-123.x:y_z", ids("abc-123.x:y_z")[0]);
        assertEquals("abc-123.x:y_z", ids("abc-123.x:y_z")[1]);
        for (String hostile : new String[]{null, "", "a b", "x".repeat(65), "id\u0000", "ü", "a\"b", "<script>"}) {
            String[] ids = ids(hostile);
            assertNotEquals(hostile, ids[0]);
            assertEquals(ids[0], ids[1]);
            assertTrue(ids[0].matches("[0-9a-f-]{36}"), ids[0]);
        }
        assertNotEquals(ids(null)[0], ids(null)[0], "a fresh id each time");
    }

    @Test
    void aPathGoesIntoTheAccessLogWithoutControlCharactersAndCut() {
        assertEquals("/stations/a??forged line", RequestIdHandler.printable("/stations/a\r\nforged line"));
        assertEquals(200, RequestIdHandler.printable("/" + "x".repeat(1000)).length());
        assertEquals("/ok", RequestIdHandler.printable("/ok"));
    }
}
