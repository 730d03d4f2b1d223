package dev.kgate.connect;

import dev.kgate.connect.config.HttpGatewayConfig;
import dev.kgate.connect.kafka.KafkaTopicReaders;
import dev.kgate.connect.idempotency.SharedIdempotencyKeys;
import dev.kgate.connect.kafka.SharedAdmins;
import dev.kgate.connect.queue.IngestQueue;
import dev.kgate.connect.record.IngestSourceRecord;
import dev.kgate.connect.record.RecordMapper;
import dev.kgate.connect.session.KafkaSocketSessions;
import dev.kgate.connect.util.Version;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.listener.ListenerBindException;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.ws.SocketSessions;
import io.undertow.server.HttpHandler;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One task: a member of the worker's shared listener with its own bounded queue. {@code poll()} hands queued
 * messages to Connect; {@code commitRecord()} answers their clients once Kafka has acknowledged them.
 */
public class HttpGatewaySourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HttpGatewaySourceTask.class);
    /** Short so that poll() returns promptly when idle or stopping; a message wakes it at once. */
    private static final long POLL_WAIT_MS = 100;
    private static final String CONNECTOR_CONTEXT = "connector.context";

    private final RecordMapper mapper = new RecordMapper();
    /** Handed to Connect, not yet acknowledged: answered on stop so that no client hangs. */
    private final Set<IngestMessage> sending = ConcurrentHashMap.newKeySet();
    private IngestQueue queue;
    private int pollMaxRecords;
    private ListenerRegistry.Membership membership;
    private SharedAdmins.Lease admin;
    private SharedIdempotencyKeys.Lease idempotency;
    /** Null when sessions are not tracked. */
    private KafkaSocketSessions sessions;
    private Gateway gateway;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpGatewayConfig config = new HttpGatewayConfig(props);
        String connector = props.getOrDefault(HttpGatewaySourceConnector.CONNECTOR_NAME_KEY, "unnamed");
        // Before anything is acquired: a TLS store that does not load fails the task with nothing to release.
        ListenerSettings listening = config.listenerSettings();
        queue = new IngestQueue(config.queueMaxRecords(), config.queueMaxBytes());
        pollMaxRecords = config.pollMaxRecords();
        admin = SharedAdmins.acquire(connector, config.kafkaClientProps());
        idempotency = SharedIdempotencyKeys.acquire(connector,
                config.getLong(HttpGatewayConfig.IDEMPOTENCY_WINDOW_MS_CONFIG),
                config.getInt(HttpGatewayConfig.IDEMPOTENCY_MAX_KEYS_CONFIG));
        try {
            gateway = Gateway.create(new GatewaySettings(config.ingestSettings(admin.view(), idempotency.keys()),
                    config.authSettings(),
                    config.accessSettings(), admin.view(), config.websocketMaxInFlight(),
                    config.bytesOnlyConverters(), config.readablePolicy(),
                    new KafkaTopicReaders(admin.admin(), config.kafkaClientProps()), config.socketTimeouts())
                    .withOutMaxSockets(config.outMaxSockets()).withCors(config.corsPolicy())
                    .withSessions(sessions(config)).withAccessLog(config.accessLog())
                    .withConsole(config.console()), queue);
        } catch (RuntimeException e) {
            admin.close();
            idempotency.close();
            throw new ConnectException("cannot start the gateway: " + e.getMessage(), e);
        }
        try {
            membership = ListenerRegistry.join(listening, connector,
                    withLoggingContext(gateway.handler()));
        } catch (ListenerBindException e) {
            admin.close();
            idempotency.close();
            throw new ConnectException(e.getMessage(), e);
        }
        log.info("Task of connector '{}' takes requests on {}", connector, membership.settings().describe());
    }

    /** Starts this task's own reader and writer of the sessions topic, where sessions are tracked. */
    private SocketSessions sessions(HttpGatewayConfig config) {
        HttpGatewayConfig.SessionSettings settings = config.sessionSettings();
        if (settings == null) {
            return SocketSessions.NONE;
        }
        sessions = new KafkaSocketSessions(admin.admin(), config.kafkaClientProps(), settings.topic(),
                settings.ttlMs(), settings.maxPerClient(), config.getInt(HttpGatewayConfig.RETRY_AFTER_SECONDS_CONFIG));
        return sessions;
    }

    /**
     * Carries the worker's {@code connector.context} logging context (connector and task) onto the listener's I/O
     * threads, which the tasks of a connector share, so a log line there names the task that handled the request.
     */
    private static HttpHandler withLoggingContext(HttpHandler handler) {
        String context = MDC.get(CONNECTOR_CONTEXT);
        if (context == null) {
            return handler;
        }
        return exchange -> {
            MDC.put(CONNECTOR_CONTEXT, context);
            handler.handleRequest(exchange);
        };
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<IngestMessage> batch = queue.drain(pollMaxRecords, POLL_WAIT_MS);
        if (batch.isEmpty()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (IngestMessage message : batch) {
            // A message whose client already got its answer (timed out while queued) is not sent.
            if (message.startSending()) {
                sending.add(message);
                records.add(mapper.toRecord(message));
            }
        }
        return records.isEmpty() ? null : records;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (!(record instanceof IngestSourceRecord ingest)) {
            return;
        }
        IngestMessage message = ingest.message();
        sending.remove(message);
        if (metadata == null) {
            message.dropped("the connector dropped the record (a transform filtered it, or errors.tolerance"
                    + " skipped it after a conversion or send failure)");
        } else {
            message.written(new WriteResult(metadata.topic(), metadata.partition(), metadata.offset(),
                    metadata.timestamp()));
        }
    }

    /** Stops taking requests and answers every pending one; safe to call twice and from any thread. */
    @Override
    public void stop() {
        if (queue == null) {
            return;
        }
        List<IngestMessage> queued = queue.stop();
        for (IngestMessage message : queued) {
            message.stopped("the task is stopping");
        }
        for (IngestMessage message : sending) {
            message.stopped("the task stopped before Kafka acknowledged the message");
        }
        sending.clear();
        if (gateway != null) {
            // After the answers above were handed to the sockets, so they go out before the close frames.
            gateway.closeSockets();
        }
        if (membership != null) {
            membership.close();
        }
        if (sessions != null) {
            // After the sockets closed: what they did not give back themselves is given back here.
            sessions.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (idempotency != null) {
            idempotency.close();
        }
        if (!queued.isEmpty()) {
            log.info("Task stopped: {} queued message(s) answered as not written", queued.size());
        }
    }
}
