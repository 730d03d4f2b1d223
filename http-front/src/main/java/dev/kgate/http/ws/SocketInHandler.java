package dev.kgate.http.ws;

import dev.kgate.http.auth.Caller;
import dev.kgate.http.auth.RequestAuthenticator;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.topic.TopicNames;
import dev.kgate.http.util.Causes;
import dev.kgate.http.ws.wire.WebSocketConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import org.xnio.StreamConnection;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /socket/in}: everything that can be refused is refused before the upgrade, with a 4xx and
 * {@code {"message": ...}}: parameters, credentials, the topic policy, and whether the topic exists. Only then the
 * WebSocket handshake.
 */
public final class SocketInHandler implements HttpHandler {

    private static final AttachmentKey<InSocket> SOCKET = AttachmentKey.create(InSocket.class);

    private final InSocketSettings settings;
    private final RequestAuthenticator authenticator;
    private final WebSocketProtocolHandshakeHandler handshake;

    /** @param authenticator null when authentication is switched off */
    public SocketInHandler(InSocketSettings settings, RequestAuthenticator authenticator) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.handshake = new WebSocketProtocolHandshakeHandler(List.of(new TokenAwareHandshake()),
                this::onUpgraded, exchange -> GatewayReplies.message(exchange, 400,
                        "Not a WebSocket handshake: /socket/in takes a WebSocket (version 13) upgrade"));
    }

    /** A refusal before the upgrade. */
    private static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        IngestSettings ingest = settings.ingest();
        InSocketParameters parameters;
        try {
            parameters = InSocketParameters.parse(exchange.getQueryParameters());
        } catch (InSocketParameters.Invalid e) {
            GatewayReplies.message(exchange, 400, e.getMessage());
            return;
        }
        String topic = parameters.topic();
        String invalid = TopicNames.invalidReason(topic);
        if (invalid != null) {
            GatewayReplies.message(exchange, 400, "Invalid topic name: " + invalid);
            return;
        }
        if (!ingest.topicPolicy().permits(topic)) {
            GatewayReplies.message(exchange, 403, "Topic '" + topic + "' is not open for writing through this"
                    + " gateway");
            return;
        }
        // Credentials may need a worker thread and the topic check a round trip to Kafka: finish asynchronously.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> authenticate(exchange)
                .thenCompose(caller -> requireTopic(topic).thenApply(exists -> caller))
                .whenComplete((caller, failure) -> exchange.getIoThread().execute(() -> {
                    if (failure != null) {
                        refuse(exchange, failure);
                    } else {
                        upgrade(exchange, parameters, caller);
                    }
                })));
    }

    private CompletionStage<Caller> authenticate(HttpServerExchange exchange) {
        if (authenticator == null) {
            return CompletableFuture.completedFuture(null);
        }
        return authenticator.authenticate(exchange).exceptionally(failure -> {
            throw new Refused(401, "Unauthorized: " + Causes.unwrap(failure).getMessage());
        });
    }

    private CompletionStage<Boolean> requireTopic(String topic) {
        return settings.ingest().topics().check(topic).thenApply(verdict -> switch (verdict) {
            case EXISTS -> true;
            case MISSING -> throw new Refused(404, TopicExistence.missing(topic));
            case CANNOT_CHECK -> throw new Refused(503, TopicExistence.cannotCheck(topic));
        });
    }

    private void refuse(HttpServerExchange exchange, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof Refused refused) {
            if (refused.status == 401) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"kgate\", Bearer");
            } else if (refused.status == 503) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, settings.ingest().retryAfterSeconds());
            }
            GatewayReplies.message(exchange, refused.status, refused.getMessage());
        } else {
            GatewayReplies.message(exchange, 500, "Cannot open the socket: " + cause);
        }
    }

    private void upgrade(HttpServerExchange exchange, InSocketParameters parameters, Caller caller) {
        IngestSettings ingest = settings.ingest();
        String user = caller == null ? null : caller.user();
        List<MessageHeader> headers = ingest.headers().headersOf(exchange, user);
        FrameTypes types = new FrameTypes(parameters.keyType(), parameters.valType(),
                ingest.headers().usernameHeader());
        exchange.putAttachment(SOCKET, new InSocket(parameters, types, caller, headers));
        try {
            handshake.handleRequest(exchange);
        } catch (Exception e) {
            GatewayReplies.message(exchange, 500, "The WebSocket handshake failed: " + e.getMessage());
        }
    }

    /** After the 101: the connection speaks WebSocket frames, handled by our own framing (see WebSocketConnection). */
    private void onUpgraded(StreamConnection connection, HttpServerExchange exchange) {
        new ProducerSocket(new WebSocketConnection(connection, settings.ingest().maxBodyBytes()),
                exchange.getAttachment(SOCKET), settings).start();
    }
}
