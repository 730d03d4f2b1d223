package dev.kgate.http.ws;

import dev.kgate.http.access.Principal;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.listener.InputBudget;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.ws.wire.WebSocketConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import org.xnio.StreamConnection;

import java.util.List;

/**
 * {@code GET /socket/in}: everything that can be refused is refused before the upgrade, with a 4xx and
 * {@code {"message": ...}}: parameters, credentials and permissions (by the pipeline), a place under the worker's cap
 * on sockets (503), then whether the topic exists. Only then the WebSocket handshake.
 */
public final class SocketInHandler implements HttpHandler {

    private static final AttachmentKey<InSocket> SOCKET = AttachmentKey.create(InSocket.class);

    private final InSocketSettings settings;
    private final UpgradeChecks checks;
    private final WorkerSocketCap cap;
    private final WebSocketProtocolHandshakeHandler handshake;

    public SocketInHandler(InSocketSettings settings, UpgradeChecks checks, WorkerSocketCap cap) {
        this.settings = settings;
        this.checks = checks;
        this.cap = cap;
        this.handshake = Handshakes.handler("/socket/in", this::onUpgraded);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        // Already parsed once by the pipeline, which found the topic in them: they are valid.
        InSocketParameters parameters = InSocketParameters.of(exchange);
        if (settings.ingest().rules().ruleFor(parameters.topic()).signature() != null) {
            // A socket's frames carry no signature, so it cannot be a way around the one the station requires.
            ApiShape.WEBSOCKET_PROXY.refuse(exchange, new Refusal(403, "Topic '" + parameters.topic()
                    + "' takes only signed requests, on /stations/" + parameters.topic() + "/produce/*"));
            return;
        }
        WorkerSocketCap.Place place;
        try {
            place = cap.take();
        } catch (Refusal refusal) {
            ApiShape.WEBSOCKET_PROXY.refuse(exchange, refusal);
            return;
        }
        // The places are the socket's once the upgrade happens; otherwise (a refusal, or the client went away) they
        // are given back.
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (ex.getStatusCode() != 101) {
                place.close();
            }
            next.proceed();
        });
        checks.thenUpgrade(exchange, parameters.topic(), true, principal -> settings.sessions().claim(
                        SocketSessions.Claim.producer(parameters.clientId(), parameters.instanceId())),
                (principal, claimed) -> upgrade(exchange, parameters, principal, () -> {
                    claimed.close();
                    place.close();
                }));
    }

    private void upgrade(HttpServerExchange exchange, InSocketParameters parameters, Principal principal,
                         SocketSessions.Session session) {
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (ex.getStatusCode() != 101) {
                session.close();
            }
            next.proceed();
        });
        IngestSettings ingest = settings.ingest();
        List<MessageHeader> headers = ingest.headers().headersOf(exchange, principal.recordedName());
        FrameTypes types = new FrameTypes(parameters.keyType(), parameters.valType(),
                ingest.headers().usernameHeader());
        exchange.putAttachment(SOCKET, new InSocket(parameters, types, principal, headers, session));
        Handshakes.run(handshake, exchange);
    }

    /**
     * After the 101: the connection speaks WebSocket frames, handled by our own framing (see WebSocketConnection),
     * which takes memory for large messages from the listener's budget.
     */
    private void onUpgraded(StreamConnection connection, HttpServerExchange exchange) {
        new ProducerSocket(new WebSocketConnection(connection, settings.ingest().maxBodyBytes(),
                InputBudget.of(exchange), settings.timeouts()), exchange.getAttachment(SOCKET), settings).start();
    }
}
