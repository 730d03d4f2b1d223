package dev.kgate.http.ws;

import dev.kgate.http.auth.TokenSubprotocol;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;

import java.util.Set;

/** RFC 6455's handshake, answering with the subprotocol {@link TokenSubprotocol#select} picks. */
final class TokenAwareHandshake extends Hybi13Handshake {

    TokenAwareHandshake() {
        super(Set.of(), false);
    }

    @Override
    protected String supportedSubprotols(String[] requested) {
        return TokenSubprotocol.select(requested);
    }
}
