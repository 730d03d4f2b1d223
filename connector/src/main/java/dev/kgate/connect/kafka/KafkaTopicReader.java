package dev.kgate.connect.kafka;

import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ws.out.OutRecord;
import dev.kgate.http.ws.out.OutSocketParameters;
import dev.kgate.http.ws.out.RecordSink;
import dev.kgate.http.ws.out.TopicReader;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
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

/**
 * One socket's consumer on its own thread. It reads only what the socket asks for ({@link RecordSink#demand()}),
 * pausing its partitions meanwhile so the group still sees it alive; it commits, with {@code autoCommit=true}, the
 * offsets whose frames reached the network (every second, on a rebalance, and on close), and with
 * {@code autoCommit=false} what the client commits.
 */
final class KafkaTopicReader implements TopicReader, Runnable {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopicReader.class);
    private static final long AUTO_COMMIT_INTERVAL_MS = 1_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often a reader holding no partition asks whether its topic still exists (a metadata lookup). */
    private static final long TOPIC_CHECK_INTERVAL_MS = 1_000;

    private record Commit(int partition, long offset, String messageId) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final OutSocketParameters parameters;
    private final KafkaTopicReaders.Session session;
    private final Runnable onClosed;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    /**
     * Per partition, the first offset handed to the socket since the partition was (re)assigned. The socket's
     * written offsets outlive an assignment: one below this was written while this reader held the partition
     * before, and another socket of the group may have committed further since; committing it would go back.
     */
    private final Map<Integer, Long> readFrom = new HashMap<>();
    private volatile boolean running = true;
    private RecordSink sink;
    private Thread thread;

    KafkaTopicReader(Consumer<byte[], byte[]> consumer, OutSocketParameters parameters,
                     KafkaTopicReaders.Session session, Runnable onClosed) {
        this.consumer = consumer;
        this.parameters = parameters;
        this.session = session;
        this.onClosed = onClosed;
    }

    @Override
    public synchronized void start(RecordSink recordSink) {
        this.sink = recordSink;
        thread = new Thread(this, "kgate-out-" + parameters.groupId() + "-" + parameters.clientId());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void commit(int partition, long offset, String messageId) {
        commits.add(new Commit(partition, offset, messageId));
    }

    @Override
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** Never blocks: the reader's thread closes the consumer. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        session.closing = true;
        if (thread == null) {
            // Opened, never started (the upgrade did not happen): close it off the caller's thread.
            Thread closer = new Thread(this::closeConsumer, "kgate-out-close");
            closer.setDaemon(true);
            closer.start();
        } else {
            consumer.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(parameters.topic()), new Rebalance());
            long lastAutoCommit = System.currentTimeMillis();
            long lastTopicCheck = System.currentTimeMillis();
            while (running) {
                if (owned.isEmpty() && System.currentTimeMillis() - lastTopicCheck >= TOPIC_CHECK_INTERVAL_MS) {
                    // A deleted topic is revoked from the group, and the consumer then waits for it in silence.
                    lastTopicCheck = System.currentTimeMillis();
                    if (topicDeleted()) {
                        sink.failed(deleted());
                        return;
                    }
                }
                commitRequested();
                int demand = sink.demand();
                boolean wantRecords = demand > 0 && buffered.isEmpty();
                if (wantRecords) {
                    consumer.resume(consumer.assignment());
                } else {
                    consumer.pause(consumer.assignment());
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(wantRecords ? 100 : 10))) {
                    buffered.add(record);
                }
                deliver(sink.demand());
                if (parameters.autoCommit() && System.currentTimeMillis() - lastAutoCommit >= AUTO_COMMIT_INTERVAL_MS) {
                    commitWritten(false);
                    lastAutoCommit = System.currentTimeMillis();
                }
            }
        } catch (WakeupException e) {
            // close() was called.
        } catch (RuntimeException e) {
            log.warn("Consumer of socket '{}' in group '{}' stopped: {}", parameters.clientId(), parameters.groupId(),
                    e.toString());
            sink.failed(stopReason(e));
        } finally {
            closeConsumer();
        }
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
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void deliver(int demand) {
        if (demand <= 0 || buffered.isEmpty()) {
            return;
        }
        List<OutRecord> batch = new ArrayList<>(Math.min(demand, buffered.size()));
        while (batch.size() < demand && !buffered.isEmpty()) {
            ConsumerRecord<byte[], byte[]> record = buffered.poll();
            readFrom.putIfAbsent(record.partition(), record.offset());
            batch.add(toOut(record));
        }
        sink.deliver(batch);
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
            if (thread != null && parameters.autoCommit()) {
                commitWritten(true);
            } else if (thread != null) {
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
                } catch (WakeupException e) {
                    throw e;
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
