package dev.kgate.connect;

import dev.kgate.connect.config.HttpGatewayConfig;
import dev.kgate.connect.idempotency.SharedIdempotencyKeys;
import dev.kgate.connect.kafka.KafkaTopicReaders;
import dev.kgate.connect.kafka.SharedAdmins;
import dev.kgate.connect.lifecycle.ConfigGeneration;
import dev.kgate.connect.lifecycle.PollWatch;
import dev.kgate.connect.metrics.TaskMetrics;
import dev.kgate.connect.queue.IngestQueue;
import dev.kgate.connect.record.IngestSourceRecord;
import dev.kgate.connect.record.RecordMapper;
import dev.kgate.connect.session.KafkaSocketSessions;
import dev.kgate.connect.util.Version;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.lifecycle.Availability;
import dev.kgate.http.metrics.GatewayMetrics;
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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One task: a member of the worker's shared listener with its own bounded queue. {@code poll()} hands queued
 * messages to Connect; {@code commitRecord()} answers their clients once Kafka has acknowledged them.
 * <p>
 * Its lifecycle as Connect drives it: a paused connector is seen by {@link PollWatch} (its queue is answered, new
 * work refused, sockets closed) and resumed by the next {@code poll()}. {@code stop()} refuses new work and answers
 * what is queued, but the messages already handed to the producer are answered by {@code commitRecord()} as the
 * worker's final flush acknowledges them: only after that (or {@link #FINAL_ACKS_WAIT_MS}) does the task leave its
 * listener and close what it holds.
 */
public class HttpGatewaySourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HttpGatewaySourceTask.class);
    /** Short so that poll() returns promptly when idle or stopping; a message wakes it at once. */
    private static final long POLL_WAIT_MS = 100;
    private static final String CONNECTOR_CONTEXT = "connector.context";
    /**
     * How long a stopped task waits for the acknowledgements of what it handed to the producer: a little beyond the
     * 30 s the worker gives the producer to close, since the acks come during that close.
     */
    static final long FINAL_ACKS_WAIT_MS = 35_000;
    /**
     * How long a stopped task still waits once the producer is giving up on its records (a cancelled task's producer
     * is force-closed, which aborts every unfinished send in one pass): what is unanswered after that never reached
     * the producer, and never will, since the worker's send loop ended before it called stop().
     */
    static final long AFTER_PRODUCER_GAVE_UP_MS = 1_000;
    /** How long a task of a new configuration waits for the old one's listener to close, when it must change. */
    private static final long LISTENER_HANDOVER_MS = FINAL_ACKS_WAIT_MS + 5_000;

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
    private TaskMetrics metrics;
    private PollWatch pollWatch;
    /** Runs the pause checks and the end of a stop, off the task thread and the producer's. */
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> pollChecks;
    private volatile boolean stopRequested;
    /** The thread that polls, and on which Connect reports the records it dropped itself. */
    private volatile Thread taskThread;
    /** The producer's last word on a record was giving up on it (no acknowledgement since): see stop(). */
    private volatile boolean producerGivingUp;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean finalWaitShortened = new AtomicBoolean();

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
        try {
            metrics = new TaskMetrics(context.pluginMetrics(), queue);
        } catch (RuntimeException e) {
            // A cancelled earlier instance of this task holds the same metric names until its thread ends: taking
            // requests matters more than this instance's metrics (found by the fault suite).
            log.warn("This task runs without its plugin metrics: {}", e.getMessage());
            metrics = null;
        }
        admin = SharedAdmins.acquire(connector, config.kafkaClientProps());
        idempotency = SharedIdempotencyKeys.acquire(connector,
                config.getLong(HttpGatewayConfig.IDEMPOTENCY_WINDOW_MS_CONFIG),
                config.getInt(HttpGatewayConfig.IDEMPOTENCY_MAX_KEYS_CONFIG));
        try {
            gateway = Gateway.create(new GatewaySettings(config.ingestSettings(admin.view(), idempotency.keys()),
                    config.authSettings(),
                    config.accessSettings(), admin.view(), config.websocketMaxInFlight(),
                    config.bytesOnlyConverters(), config.readablePolicy(),
                    new KafkaTopicReaders(admin.admin(), config.kafkaClientProps(), config.outReaderThreads()),
                    config.socketTimeouts())
                    .withOutMaxSockets(config.outMaxSockets()).withInMaxSockets(config.inMaxSockets())
                    .withCors(config.corsPolicy())
                    .withSessions(sessions(config)).withAccessLog(config.accessLog())
                    .withMetrics(metrics == null ? GatewayMetrics.NONE : metrics)
                    .withConsole(config.console()), queue);
        } catch (RuntimeException e) {
            releaseAfterFailedStart();
            throw new ConnectException("cannot start the gateway: " + e.getMessage(), e);
        }
        try {
            membership = ListenerRegistry.join(listening, connector, ConfigGeneration.ofTask(props),
                    withLoggingContext(gateway.handler()), gateway::takesWork, LISTENER_HANDOVER_MS);
        } catch (RuntimeException e) {
            releaseAfterFailedStart();
            throw e instanceof ListenerBindException ? new ConnectException(e.getMessage(), e) : e;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kgate-task-watch-" + connector);
            thread.setDaemon(true);
            return thread;
        });
        pollWatch = new PollWatch(sending::isEmpty, () -> producerGivingUp, new LifecycleTransitions());
        pollChecks = timer.scheduleWithFixedDelay(pollWatch::check, PollWatch.CHECK_EVERY_MS, PollWatch.CHECK_EVERY_MS,
                TimeUnit.MILLISECONDS);
        log.info("Task of connector '{}' takes requests on {}", connector, membership.settings().describe());
    }

    /** Connect calls no stop() after a failed start(): what start() acquired is released here. */
    private void releaseAfterFailedStart() {
        if (sessions != null) {
            sessions.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        admin.close();
        idempotency.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    /** What a pause, a resume and a stall do. */
    private final class LifecycleTransitions implements PollWatch.Transitions {

        @Override
        public void paused() {
            if (stopRequested) {
                return;
            }
            gateway.pause();
            List<IngestMessage> queued = queue.pause();
            // A thread that stopped polling after its producer gave up is more likely being cancelled than paused.
            String why = producerGivingUp ? "the task stopped polling after its producer gave up on its records"
                    : "the connector is paused";
            queued.forEach(message -> message.refused(why));
            log.info("Connector paused (poll() is no longer called): new requests are refused with 503, {} queued"
                    + " message(s) answered as not written", queued.size());
            // Off the watch's lock: closing waits for the sockets' last answers.
            timer.execute(() -> {
                if (gateway.state() == Availability.State.PAUSED) {
                    gateway.closeSockets("The connector is paused: reconnect once it is resumed");
                }
            });
        }

        @Override
        public void resumed() {
            queue.resume();
            gateway.resume();
            log.info("Connector resumed: requests are taken again");
        }

        @Override
        public void stalled(boolean stalled) {
            gateway.stalled(stalled);
            if (stalled) {
                log.warn("Records handed to Connect have not been acknowledged for {} ms: the readiness route"
                        + " answers 503 until Kafka takes them", PollWatch.STALLED_AFTER_MS);
            }
        }
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
        taskThread = Thread.currentThread();
        pollWatch.pollStarted();
        try {
            return nextRecords();
        } finally {
            pollWatch.pollEnded();
        }
    }

    private List<SourceRecord> nextRecords() throws InterruptedException {
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
        if (metadata == null && Thread.currentThread() == taskThread) {
            // Connect calls this on the task thread for a record a transform filtered or a converter failed on.
            message.dropped("the connector dropped the record (a transform filtered it, or errors.tolerance"
                    + " skipped it after a conversion failure)");
        } else if (metadata == null) {
            // From the producer: errors.tolerance skipped a failed send, which a forced close of the producer (a
            // cancelled task) also reports for batches a broker may already have written.
            message.stopped("the producer gave up on the record (a failed or aborted send)");
            producerGivingUp = true;
            if (stopRequested) {
                endFinalWaitSoon();
            }
        } else {
            producerGivingUp = false;
            if (metrics != null) {
                metrics.acknowledged(message);
            }
            message.written(new WriteResult(metadata.topic(), metadata.partition(), metadata.offset(),
                    metadata.timestamp()));
        }
        if (stopRequested && sending.isEmpty()) {
            // The final flush acknowledged the last of them: the task can let go.
            finishStopSoon();
        }
    }

    /**
     * Stops taking requests and answers what is queued. What was handed to the producer is answered as the worker's
     * final flush acknowledges it ({@code commitRecord()} after this returns); the task leaves its listener once all
     * are answered, or after {@link #FINAL_ACKS_WAIT_MS}. Safe to call twice and from any thread.
     */
    @Override
    public void stop() {
        if (queue == null || stopRequested) {
            return;
        }
        stopRequested = true;
        if (pollChecks != null) {
            // Stopping is not pausing: the thread that polled is leaving for good.
            pollChecks.cancel(false);
        }
        if (gateway != null) {
            gateway.stopping();
        }
        if (membership != null) {
            // Requests go to the other tasks here (a restarted one joins at once), or get 503 while none is left.
            membership.retire();
        }
        List<IngestMessage> queued = queue.stop();
        for (IngestMessage message : queued) {
            message.stopped("the task is stopping");
        }
        if (!queued.isEmpty()) {
            log.info("Task stopping: {} queued message(s) answered as not written", queued.size());
        }
        if (metrics != null) {
            // Now, not when the last ack is in: a restarted task with this id registers the same metrics at once.
            metrics.close();
        }
        if (timer == null) {
            finishStop();
        } else if (sending.isEmpty()) {
            finishStopSoon();
        } else {
            log.info("Task stopping: {} message(s) handed to the producer are answered as Kafka acknowledges them,"
                    + " for up to {} ms", sending.size(), FINAL_ACKS_WAIT_MS);
            try {
                timer.schedule(this::finishStop, FINAL_ACKS_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException alreadyFinished) {
                // The last ack came meanwhile, and finishStop() ran.
            }
            if (producerGivingUp) {
                // A cancelled task's producer was force-closed before this stop() (found by the fault suite: its
                // clients waited the whole 35 s for records that never reached the producer).
                endFinalWaitSoon();
            }
        }
    }

    /**
     * The producer gives up on records after stop(): it is being force-closed (the task was cancelled), or failing
     * them all. Either way the records it still holds are answered within moments; the rest never reached it.
     */
    private void endFinalWaitSoon() {
        if (timer == null || !finalWaitShortened.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::finishStop, AFTER_PRODUCER_GAVE_UP_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException alreadyFinished) {
            // finishStop() ran and shut the timer down.
        }
    }

    /** On the timer thread: never on the producer's, whose callbacks must not wait for sockets to close. */
    private void finishStopSoon() {
        try {
            timer.execute(this::finishStop);
        } catch (RejectedExecutionException alreadyFinished) {
            // finishStop() ran (the backstop fired) and shut the timer down.
        }
    }

    /** Answers what the final flush did not acknowledge, then lets go of the listener and the shared clients. */
    private void finishStop() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        for (IngestMessage message : sending) {
            message.stopped("the task stopped before Kafka acknowledged the message");
        }
        if (!sending.isEmpty()) {
            log.warn("Task stopped: {} message(s) handed to Connect got no acknowledgement ({}): answered as outcome"
                    + " unknown", sending.size(), finalWaitShortened.get()
                    ? "the producer gave up on the others, so these never reached it"
                    : "none within " + FINAL_ACKS_WAIT_MS + " ms");
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
        if (timer != null) {
            timer.shutdown();
        }
    }
}
