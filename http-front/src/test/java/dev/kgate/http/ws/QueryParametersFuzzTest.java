package dev.kgate.http.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kgate.http.ws.out.OutSocketParameters;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ParameterLimitException;
import io.undertow.util.URLUtils;

import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query strings of both socket routes, decoded as Undertow decodes them: the parameters parse into settings
 * or a {@link QueryParameters.Invalid} (a 400 before the upgrade), never anything else.
 */
class QueryParametersFuzzTest {

    /** The query parameters Undertow hands a route, or null when Undertow itself refuses the query string. */
    static Map<String, Deque<String>> decoded(byte[] query) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        try {
            URLUtils.parseQueryString(new String(query, StandardCharsets.ISO_8859_1), exchange, "UTF-8", true,
                    1000);
        } catch (ParameterLimitException | IllegalArgumentException e) {
            return null;
        }
        return exchange.getQueryParameters();
    }

    @FuzzTest
    void inSocket(byte[] query) {
        Map<String, Deque<String>> parameters = decoded(query);
        if (parameters == null) {
            return;
        }
        InSocketParameters parsed;
        try {
            parsed = InSocketParameters.parse(parameters);
        } catch (QueryParameters.Invalid e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertPresent(parsed.clientId());
        assertPresent(parsed.topic());
        assertNotNull(parsed.payload());
    }

    @FuzzTest
    void outSocket(byte[] query) {
        Map<String, Deque<String>> parameters = decoded(query);
        if (parameters == null) {
            return;
        }
        OutSocketParameters parsed;
        try {
            parsed = OutSocketParameters.parse(parameters);
        } catch (QueryParameters.Invalid e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertPresent(parsed.clientId());
        assertPresent(parsed.topic());
        assertPresent(parsed.groupId());
        assertNotNull(parsed.payload());
        assertNotNull(parsed.valType());
        assertTrue(Set.of("earliest", "latest").contains(parsed.offsetResetStrategy()));
        assertTrue(Set.of("read_committed", "read_uncommitted").contains(parsed.isolationLevel()));
        assertTrue(parsed.rate() >= 0 && parsed.batchSize() >= 0, "no negative rate or batch size");
    }

    /** Present: something is left once spaces and controls around it are gone. */
    private static void assertPresent(String value) {
        assertNotNull(value);
        assertFalse(value.isBlank());
        assertFalse(isPadding(value.charAt(0)) || isPadding(value.charAt(value.length() - 1)), "trimmed: " + value);
    }

    private static boolean isPadding(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
