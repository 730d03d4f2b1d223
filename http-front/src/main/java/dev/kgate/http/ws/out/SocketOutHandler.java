package dev.kgate.http.ws.out;

import dev.kgate.http.access.Principal;
import dev.kgate.http.listener.InputBudget;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.ws.Handshakes;
import dev.kgate.http.ws.OpenSockets;
import dev.kgate.http.ws.SocketSessions;
import dev.kgate.http.ws.UpgradeChecks;
import dev.kgate.http.ws.wire.SocketTimeouts;
import dev.kgate.http.ws.wire.WebSocketConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.StreamConnection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /socket/out}: parameters, credentials, permissions (the topic's and the group's) and the topic's
 * existence are checked as for {@code /socket/in}; then, on a thread of {@link ReaderOpenings}, the reader is opened
 * against the cluster (Kafka credentials from
 * {@code X-Kafka-Auth}, ACLs, the group's sessions), so every refusal still comes before the upgrade.
 */
public final class SocketOutHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SocketOutHandler.class);
    private static final AttachmentKey<Opened> OPENED = AttachmentKey.create(Opened.class);
    private static final String KAFKA_AUTH = "X-Kafka-Auth";
    private static final int MAX_COMMIT_FRAME_BYTES = 64 * 1024;

    private final TopicReaders readers;
    private final ReaderOpenings openings;
    private final SocketSessions sessions;
    private final OpenSockets open;
    private final UpgradeChecks checks;
    private final SocketTimeouts timeouts;
    private final WebSocketProtocolHandshakeHandler handshake;

    private record Opened(OutSocketParameters parameters, TopicReader reader, String principalName) {
    }

    public SocketOutHandler(TopicReaders readers, ReaderOpenings openings, SocketSessions sessions, OpenSockets open, UpgradeChecks checks,
                            SocketTimeouts timeouts) {
        this.readers = readers;
        this.openings = openings;
        this.sessions = sessions;
        this.open = open;
        this.checks = checks;
        this.timeouts = timeouts;
        this.handshake = Handshakes.handler("/socket/out", this::onUpgraded);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        // Already parsed once by the pipeline, which found the topic and the group in them: they are valid.
        OutSocketParameters parameters = OutSocketParameters.of(exchange);
        TopicReaders.KafkaCredentials credentials;
        try {
            credentials = kafkaCredentials(exchange.getRequestHeaders().getFirst(KAFKA_AUTH));
        } catch (Refusal refusal) {
            ApiShape.WEBSOCKET_PROXY.refuse(exchange, refusal);
            return;
        }
        checks.thenUpgrade(exchange, parameters.topic(), false,
                principal -> sessions.claim(SocketSessions.Claim.consumer(parameters.clientId(), parameters.groupId()))
                        .thenCompose(session -> openings.open(() -> open(parameters, credentials), session::close)),
                (principal, reader) -> upgrade(exchange, parameters, reader, principal));
    }

    private TopicReader open(OutSocketParameters parameters, TopicReaders.KafkaCredentials credentials) {
        try {
            return readers.open(parameters, credentials);
        } catch (TopicReaders.Refusal refusal) {
            throw new CompletionException(new Refusal(refusal.status(), refusal.getMessage()));
        } catch (RuntimeException e) {
            // A consumer that cannot even be built (its settings, say): the cause is for the operator's log.
            log.warn("Cannot open a reader of topic '{}' for socket '{}'", parameters.topic(), parameters.clientId(), e);
            throw new CompletionException(new Refusal(500, "The gateway cannot open a Kafka consumer"
                    + " for topic '" + parameters.topic() + "'; the cause is in the worker's log"));
        }
    }

    /** @return null without the header; the header's {@code username:password} in base64 otherwise */
    static TopicReaders.KafkaCredentials kafkaCredentials(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal(401, "X-Kafka-Auth must be base64 of username:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new Refusal(401, "X-Kafka-Auth must be base64 of username:password");
        }
        return new TopicReaders.KafkaCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private void upgrade(HttpServerExchange exchange, OutSocketParameters parameters, TopicReader reader,
                         Principal principal) {
        exchange.putAttachment(OPENED, new Opened(parameters, reader, principal.name()));
        // The reader holds a consumer: close it unless the upgrade really happens (the client may be gone).
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (ex.getStatusCode() != 101) {
                reader.close();
            }
            next.proceed();
        });
        exchange.getResponseHeaders().remove(Headers.WWW_AUTHENTICATE);
        Handshakes.run(handshake, exchange);
    }

    private void onUpgraded(StreamConnection connection, HttpServerExchange exchange) {
        Opened opened = exchange.getAttachment(OPENED);
        new ConsumerSocket(new WebSocketConnection(connection, MAX_COMMIT_FRAME_BYTES, InputBudget.of(exchange),
                timeouts), opened.parameters(), opened.reader(), open, opened.principalName()).start();
    }
}
