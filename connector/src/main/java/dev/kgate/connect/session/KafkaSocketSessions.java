package dev.kgate.connect.session;

import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.util.Causes;
import dev.kgate.http.ws.SocketSessions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client sessions in a compacted topic of the connector's own, one partition so that every worker reads the claims
 * in one order. A socket's claim is a record keyed by a fresh id; the socket holds its place once this task has read
 * its own record back and no earlier live claim takes the same place ({@link SessionTable}); a tombstone gives it back.
 * Each task renews its claims every third of the time to live, so the claims of a worker that died expire. Each task
 * has its own instance: two tasks in one JVM agree only through Kafka, exactly as two workers do.
 */
public final class KafkaSocketSessions implements SocketSessions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSocketSessions.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long DECIDE_TIMEOUT_MS = 10_000;

    private final String topic;
    private final long ttlMs;
    private final int retryAfterSeconds;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicLong ids = new AtomicLong();
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final SessionTable table;
    /** Claims this task holds, renewed until given back. */
    private final Map<String, SessionRecord> mine = new ConcurrentHashMap<>();
    /** Offsets whose record someone waits to see read, with who waits. Guarded by {@code table}. */
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private final Thread reader;
    private final ScheduledExecutorService renewals;
    private volatile boolean closed;
    /** The next offset to read. Guarded by {@code table}. */
    private long position;

    /**
     * Creates the topic if it is missing (one partition, compacted) and starts reading it from the beginning.
     *
     * @param clientProps the gateway's Kafka client settings (bootstrap servers, security)
     */
    public KafkaSocketSessions(Admin admin, Map<String, Object> clientProps, String topic, long ttlMs,
                               int maxPerClient, int retryAfterSeconds) {
        this.topic = topic;
        this.ttlMs = ttlMs;
        this.retryAfterSeconds = retryAfterSeconds;
        this.table = new SessionTable(ttlMs, maxPerClient);
        createTopic(admin, topic);
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "kgate-sessions-" + owner);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "kgate-sessions-reader-" + owner);
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.reader = new Thread(this::read, "kgate-sessions-reader");
        this.reader.setDaemon(true);
        this.reader.start();
        this.renewals = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kgate-sessions-renewal");
            thread.setDaemon(true);
            return thread;
        });
        renewals.scheduleAtFixedRate(this::renew, ttlMs / 3, ttlMs / 3, TimeUnit.MILLISECONDS);
    }

    private static void createTopic(Admin admin, String topic) {
        NewTopic sessions = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(Set.of(sessions)).all().get(30, TimeUnit.SECONDS);
            log.info("Created the sessions topic '{}'", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the sessions topic '" + topic + "'", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create the sessions topic '" + topic + "': Kafka did not answer",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the sessions topic", e);
        }
    }

    @Override
    public CompletionStage<Session> claim(Claim claim) {
        if (closed) {
            return CompletableFuture.failedFuture(new Refusal(503, "The gateway is stopping: reconnect",
                    retryAfterSeconds));
        }
        String id = owner + "/" + ids.incrementAndGet();
        SessionRecord record = SessionRecord.of(claim);
        CompletableFuture<Session> decided = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, 0, id, record.toJson()), (metadata, failure) -> {
            if (failure != null) {
                decided.completeExceptionally(cannotCheck());
                return;
            }
            readPast(metadata.offset()).whenComplete((read, notRead) -> {
                if (notRead != null) {
                    giveBack(id);
                    decided.completeExceptionally(cannotCheck());
                    return;
                }
                String refusal;
                synchronized (table) {
                    refusal = table.refusal(id, System.currentTimeMillis());
                }
                if (refusal != null) {
                    giveBack(id);
                    decided.completeExceptionally(new Refusal(409, refusal));
                } else {
                    mine.put(id, record);
                    if (!decided.complete(new Held(id))) {
                        giveBack(id);
                    }
                }
            });
        });
        return decided.orTimeout(DECIDE_TIMEOUT_MS, TimeUnit.MILLISECONDS).exceptionally(failure -> {
            Throwable cause = Causes.unwrap(failure);
            if (cause instanceof TimeoutException) {
                giveBack(id);
                throw cannotCheck();
            }
            throw cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
        });
    }

    private Refusal cannotCheck() {
        return new Refusal(503, "Cannot check the client's sessions in Kafka now: retry later", retryAfterSeconds);
    }

    /** Completes once the reader has read the record at {@code offset}. */
    private CompletableFuture<Void> readPast(long offset) {
        CompletableFuture<Void> read = new CompletableFuture<>();
        synchronized (table) {
            if (position > offset) {
                read.complete(null);
            } else {
                waiters.computeIfAbsent(offset, o -> new java.util.ArrayList<>()).add(read);
            }
        }
        return read;
    }

    private void giveBack(String id) {
        mine.remove(id);
        if (!closed) {
            producer.send(new ProducerRecord<>(topic, 0, id, null));
        }
    }

    private void renew() {
        mine.forEach((id, record) -> producer.send(new ProducerRecord<>(topic, 0, id, record.toJson())));
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    SessionRecord value = record.value() == null ? null : SessionRecord.fromJson(record.value());
                    synchronized (table) {
                        if (record.value() == null || value != null) {
                            table.read(record.key(), value == null ? null : value.claim(), record.offset(),
                                    record.timestamp());
                        }
                    }
                }
                synchronized (table) {
                    position = consumer.position(new TopicPartition(topic, 0));
                    while (!waiters.isEmpty() && waiters.firstKey() < position) {
                        waiters.pollFirstEntry().getValue().forEach(waiter -> waiter.complete(null));
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (RuntimeException e) {
            log.warn("The sessions reader of topic '{}' stopped: new sockets are refused 503", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Gives back every claim this task holds (its sockets are closing), then stops. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        renewals.shutdownNow();
        for (String id : mine.keySet()) {
            producer.send(new ProducerRecord<>(topic, 0, id, null));
        }
        mine.clear();
        closed = true;
        consumer.wakeup();
        producer.close(Duration.ofSeconds(2));
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A place this task holds. */
    private final class Held implements Session {
        private final String id;

        Held(String id) {
            this.id = id;
        }

        @Override
        public void close() {
            if (mine.remove(id) != null && !closed) {
                producer.send(new ProducerRecord<>(topic, 0, id, null));
            }
        }
    }
}
