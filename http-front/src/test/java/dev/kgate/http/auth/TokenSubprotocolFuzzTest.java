package dev.kgate.http.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Sec-WebSocket-Protocol} offers: the token found is one the client offered as {@code bearer.<token>}, and
 * the protocol answered is one the client offered, a token only when nothing else was offered.
 */
class TokenSubprotocolFuzzTest {

    /** How Undertow's handshake splits the offered protocols before asking which one to answer. */
    private static final Pattern UNDERTOW_SPLIT = Pattern.compile("\\s*,\\s*");

    /** One {@code Sec-WebSocket-Protocol} header per line, as ISO-8859-1 text (a few: a HeaderMap holds at most 127). */
    @FuzzTest
    void offered(byte[] input) {
        String[] all = new String(input, StandardCharsets.ISO_8859_1).split("\n", -1);
        String[] headers = Arrays.copyOf(all, Math.min(all.length, 16));
        HttpServerExchange exchange = new HttpServerExchange(null);
        for (String header : headers) {
            exchange.getRequestHeaders().add(Headers.SEC_WEB_SOCKET_PROTOCOL, header);
        }
        String token = TokenSubprotocol.tokenOf(exchange);
        if (token != null) {
            assertTrue(Arrays.stream(headers).flatMap(h -> Arrays.stream(h.split(",")))
                    .map(String::trim).anyMatch(p -> TokenSubprotocol.carriesToken(p)
                            && p.substring(TokenSubprotocol.PREFIX.length()).equals(token)),
                    "the token was offered as a subprotocol");
            assertFalse(token.contains(","), token);
        }
        for (String header : headers) {
            String[] requested = UNDERTOW_SPLIT.split(header);
            String selected = TokenSubprotocol.select(requested);
            if (selected == null) {
                assertTrue(Arrays.stream(requested).allMatch(p -> p.trim().isEmpty()), header);
                continue;
            }
            assertTrue(Arrays.stream(requested).map(String::trim).anyMatch(selected::equals),
                    "the answer is one of the offers");
            boolean onlyTokens = Arrays.stream(requested).map(String::trim)
                    .allMatch(p -> p.isEmpty() || TokenSubprotocol.carriesToken(p));
            assertTrue(onlyTokens || !TokenSubprotocol.carriesToken(selected),
                    "a token is not echoed when another protocol was offered");
        }
    }
}
