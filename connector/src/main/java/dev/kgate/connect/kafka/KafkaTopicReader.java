package dev.kgate.connect.kafka;

import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ws.out.OutRecord;
import dev.kgate.http.ws.out.OutSocketParameters;
import dev.kgate.http.ws.out.RecordSink;
import dev.kgate.http.ws.out.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One socket's consumer, read in steps on the worker's {@link ReaderPool}: each step polls without waiting, so that
 * a few threads serve every socket. It reads only what the socket asks for ({@link RecordSink#demand()}), pausing its
 * partitions meanwhile so the group still sees it alive; it commits, with {@code autoCommit=true}, the offsets whose
 * frames reached the network (every second, on a rebalance, and on close), and with {@code autoCommit=false} what the
 * client commits. Rebalance callbacks run inside its poll, so on the pool thread of that step.
 *
 * <p>Pace: a reader that got records steps again as soon as the readers already due have had theirs; one that found
 * nothing waits twice as long each time, up to {@link #maxIdleWaitMs()}; one whose socket takes nothing now (a slow
 * client, or its rate) waits to be woken by the socket, polling its consumer only every {@link #WAITING_POLL_MS} so
 * that its group's rebalances go on.
 */
final class KafkaTopicReader implements TopicReader, ReaderPool.Steps {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopicReader.class);
    private static final long AUTO_COMMIT_INTERVAL_MS = 1_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often a reader holding no partition asks whether its topic still exists (a metadata lookup). */
    private static final long TOPIC_CHECK_INTERVAL_MS = 1_000;
    /**
     * How often the worker's idle readers are polled, all together at most: a poll that finds nothing costs tens of
     * microseconds of Kafka's client code, so this bounds what idle sockets cost the pool (a tenth of a core on the
     * 2-core machine of the benchmark), whatever their number. The price: with many idle sockets, a record waits
     * longer for its reader's next poll.
     */
    static final int IDLE_POLLS_PER_SECOND = 5_000;
    /** The longest an idle reader waits between polls while there are few readers. */
    static final long MIN_IDLE_WAIT_CAP_MS = 100;
    static final long WAITING_POLL_MS = 500;
    /** A reader whose poll brought a whole batch this recently polls often while it waits for the next fetch. */
    static final long STREAMING_MS = 100;

    private record Commit(int partition, long offset, String messageId) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final OutSocketParameters parameters;
    private final KafkaTopicReaders.Session session;
    private final Runnable onClosed;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
    // The steps' own state: steps never overlap, and the pool hands each one what the last one left.
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    /**
     * Per partition, the first offset handed to the socket since the partition was (re)assigned. The socket's
     * written offsets outlive an assignment: one below this was written while this reader held the partition
     * before, and another socket of the group may have committed further since; committing it would go back.
     */
    private final Map<Integer, Long> readFrom = new HashMap<>();
    private boolean subscribed;
    private long lastAutoCommit;
    private long lastTopicCheck;
    /** The Admin's answer about the topic, while one is awaited. */
    private KafkaFuture<?> topicCheck;
    private long idleWaitMs;
    /** When a poll last brought a whole batch: the topic has a backlog for this reader. */
    private long lastFullPoll;
    private volatile boolean running = true;
    /** The consumer went to the closing threads; guarded by this. */
    private boolean handedOver;
    private RecordSink sink;
    /** Null until started. */
    private volatile ReaderPool.Schedule schedule;

    /** @param admin asks, without waiting, whether the topic still exists when this reader holds no partition */
    KafkaTopicReader(Consumer<byte[], byte[]> consumer, Admin admin, OutSocketParameters parameters,
                     KafkaTopicReaders.Session session, Runnable onClosed) {
        this.consumer = consumer;
        this.admin = admin;
        this.parameters = parameters;
        this.session = session;
        this.onClosed = onClosed;
    }

    @Override
    public synchronized void start(RecordSink recordSink) {
        this.sink = recordSink;
        if (running) {
            schedule = ReaderPool.start(this);
        }
    }

    @Override
    public void wake() {
        ReaderPool.Schedule current = schedule;
        if (current != null) {
            current.wake();
        }
    }

    @Override
    public void commit(int partition, long offset, String messageId) {
        commits.add(new Commit(partition, offset, messageId));
    }

    @Override
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** Never blocks: the consumer is committed and closed on the pool's closing threads. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        session.closing = true;
        if (schedule == null) {
            // Opened, never started (the upgrade did not happen).
            handOver(this::closeConsumer);
        } else {
            // Its next step sees it stopped and hands the consumer over to be closed.
            schedule.wake();
        }
    }

    @Override
    public long step() {
        if (!running) {
            handOver(this::closeConsumer);
            return ReaderPool.DONE;
        }
        try {
            long now = System.currentTimeMillis();
            if (!subscribed) {
                consumer.subscribe(List.of(parameters.topic()), new Rebalance());
                subscribed = true;
                lastAutoCommit = now;
                lastTopicCheck = now;
            }
            if (owned.isEmpty() && topicGone(now)) {
                // A deleted topic is revoked from the group, and the consumer then waits for it in silence.
                return stop(deleted());
            }
            commitRequested();
            int demand = sink.demand();
            // Fetching goes on while nothing is buffered here, even when the socket takes nothing for a moment (its
            // frames are being encoded), so that the next records are already fetched when it asks; what a poll
            // brings is bounded by the batch size, and nothing more is fetched until it went out.
            if (buffered.isEmpty()) {
                consumer.resume(consumer.assignment());
            } else {
                consumer.pause(consumer.assignment());
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                buffered.add(record);
            }
            int delivered = deliver(demand > 0 ? sink.demand() : 0);
            if (parameters.autoCommit() && now - lastAutoCommit >= AUTO_COMMIT_INTERVAL_MS) {
                commitWritten(false);
                lastAutoCommit = now;
            }
            if (records.count() >= parameters.batchSize()) {
                lastFullPoll = now;
            }
            return untilNextStep(!records.isEmpty() || delivered > 0, demand > 0 && buffered.isEmpty(), now);
        } catch (RuntimeException e) {
            log.warn("Consumer of socket '{}' in group '{}' stopped: {}", parameters.clientId(), parameters.groupId(),
                    e.toString());
            return stop(e);
        }
    }

    /** The pool gave up on this reader (a step threw past its own handling): close as on a failure. */
    @Override
    public void abandon() {
        stop(new KafkaException("abandoned by the reader pool"));
    }

    /**
     * @param progress      records came or went this step: there may be more at once
     * @param wantedRecords the socket took records and had none waiting: nothing came, so wait longer each time
     */
    private long untilNextStep(boolean progress, boolean wantedRecords, long now) {
        if (progress) {
            idleWaitMs = 0;
            return 0;
        }
        long cap = maxIdleWaitMs();
        if (!wantedRecords) {
            // The socket wakes this reader when it takes records again.
            return Math.max(WAITING_POLL_MS, cap);
        }
        if (now - lastFullPoll < STREAMING_MS) {
            // Behind a backlog, waiting for the next fetch: the answer is a round trip away. Such readers poll
            // within the pool's budget for idle polls too (1 ms for up to 5 of them, 20 ms for 100).
            return Math.max(1, budgetedPollSpacingMs());
        }
        idleWaitMs = Math.min(cap, Math.max(1, idleWaitMs * 2));
        return idleWaitMs;
    }

    /** The longest an idle reader waits between polls: longer as there are more of them (see IDLE_POLLS_PER_SECOND). */
    private static long maxIdleWaitMs() {
        return Math.max(MIN_IDLE_WAIT_CAP_MS, budgetedPollSpacingMs());
    }

    /** Milliseconds between one reader's polls when every reader polls within IDLE_POLLS_PER_SECOND. */
    private static long budgetedPollSpacingMs() {
        return ReaderPool.readers() * 1_000L / IDLE_POLLS_PER_SECOND;
    }

    /** Ends reading on a failure: the socket is told why (off the pool, as finding out may ask Kafka). */
    private long stop(RuntimeException failure) {
        return stopWith(() -> stopReason(failure));
    }

    private long stop(String reason) {
        return stopWith(() -> reason);
    }

    private synchronized long stopWith(Supplier<String> reason) {
        running = false;
        session.closing = true;
        handOver(() -> {
            try {
                sink.failed(reason.get());
            } finally {
                closeConsumer();
            }
        });
        return ReaderPool.DONE;
    }

    /** Hands the consumer to the pool's closing threads, once, whichever way the reader ends first. */
    private synchronized void handOver(Runnable closing) {
        if (!handedOver) {
            handedOver = true;
            ReaderPool.close(closing);
        }
    }

    /**
     * Asks the Admin whether the topic still exists, at most every second and without waiting for the answer.
     *
     * @return true once Kafka said the topic is gone; false while it exists, cannot be asked, or the answer is awaited
     */
    private boolean topicGone(long now) {
        if (topicCheck != null && topicCheck.isDone()) {
            KafkaFuture<?> answered = topicCheck;
            topicCheck = null;
            try {
                answered.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (topicCheck == null && now - lastTopicCheck >= TOPIC_CHECK_INTERVAL_MS) {
            lastTopicCheck = now;
            try {
                topicCheck = admin.describeTopics(List.of(parameters.topic())).allTopicNames();
            } catch (RuntimeException e) {
                // The Admin is closing with its task: the socket closes with it.
            }
        }
        return false;
    }

    /** Why the socket closes, in our words: Kafka's own text stays in the log. */
    private String stopReason(RuntimeException failure) {
        if (topicDeleted()) {
            return deleted();
        }
        if (failure instanceof AuthorizationException) {
            return "Kafka's ACLs no longer let this socket read topic '" + parameters.topic() + "'";
        }
        if (failure instanceof AuthenticationException) {
            return "Kafka no longer accepts this socket's credentials";
        }
        return "Reading topic '" + parameters.topic() + "' from Kafka failed: reconnect to resume after the last commit";
    }

    /** Why Kafka did not take a client's commit, in our words. */
    private String commitRefusal(Exception failure) {
        if (failure instanceof UnknownTopicOrPartitionException) {
            return deleted();
        }
        if (failure instanceof CommitFailedException || failure instanceof RebalanceInProgressException) {
            return "the group rebalanced, and the partition may now be another socket's";
        }
        if (failure instanceof RetriableException) {
            return "Kafka could not take it now; commit again";
        }
        log.debug("Commit of socket '{}' refused: {}", parameters.clientId(), failure.toString());
        return "Kafka refused it";
    }

    private String deleted() {
        return "Topic '" + parameters.topic() + "' was deleted";
    }

    /** @return true only when Kafka says the topic is gone; false when it exists or cannot be asked */
    private boolean topicDeleted() {
        try {
            return consumer.partitionsFor(parameters.topic(), CLOSE_TIMEOUT).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return how many records went to the socket */
    private int deliver(int demand) {
        if (demand <= 0 || buffered.isEmpty()) {
            return 0;
        }
        List<OutRecord> batch = new ArrayList<>(Math.min(demand, buffered.size()));
        while (batch.size() < demand && !buffered.isEmpty()) {
            ConsumerRecord<byte[], byte[]> record = buffered.poll();
            readFrom.putIfAbsent(record.partition(), record.offset());
            batch.add(toOut(record));
        }
        sink.deliver(batch);
        return batch.size();
    }

    private static OutRecord toOut(ConsumerRecord<byte[], byte[]> record) {
        List<MessageHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new MessageHeader(header.key(),
                    header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)));
        }
        return new OutRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value(), headers);
    }

    private void commitRequested() {
        Commit commit;
        while ((commit = commits.poll()) != null) {
            Commit requested = commit;
            consumer.commitAsync(Map.of(new TopicPartition(parameters.topic(), requested.partition()),
                    new OffsetAndMetadata(requested.offset() + 1)), (offsets, failure) -> {
                        if (failure != null) {
                            sink.commitFailed(requested.messageId(), commitRefusal(failure));
                        }
                    });
        }
    }

    /** Commits the offsets whose frames reached the network, for the partitions this consumer holds. */
    private void commitWritten(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<Integer, Long> written : sink.written().entrySet()) {
            int partition = written.getKey();
            Long from = readFrom.get(partition);
            if (owned.contains(partition) && from != null && written.getValue() > from
                    && written.getValue() > committed.getOrDefault(partition, -1L)) {
                offsets.put(new TopicPartition(parameters.topic(), partition), new OffsetAndMetadata(written.getValue()));
                committed.put(partition, written.getValue());
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets, CLOSE_TIMEOUT);
        } else {
            consumer.commitAsync(offsets, null);
        }
    }

    private void closeConsumer() {
        try {
            if (subscribed && parameters.autoCommit()) {
                commitWritten(true);
            } else if (subscribed) {
                commitRequested();
            }
        } catch (RuntimeException e) {
            log.debug("Final commit of socket '{}' failed: {}", parameters.clientId(), e.toString());
        } finally {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } finally {
                onClosed.run();
            }
        }
    }

    /**
     * On a rebalance: commit what was written of the partitions leaving, and forget their buffered records. A commit
     * that fails here (the topic was deleted, the group moved on) is not the end of the socket: the records are
     * read again by the partition's next owner.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (parameters.autoCommit()) {
                try {
                    commitWritten(true);
                } catch (KafkaException e) {
                    log.debug("Commit of socket '{}' on revocation failed: {}", parameters.clientId(), e.toString());
                }
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: nothing to commit.
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                owned.remove(partition.partition());
                committed.remove(partition.partition());
                readFrom.remove(partition.partition());
            }
            buffered.removeIf(record -> !owned.contains(record.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                owned.add(partition.partition());
            }
        }
    }
}
