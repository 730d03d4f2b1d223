package dev.kgate.connect.kafka;

import dev.kgate.http.ws.out.OutRecord;
import dev.kgate.http.ws.out.OutSocketParameters;
import dev.kgate.http.ws.out.RecordSink;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A socket's consumer (autoCommit=true) handing a partition to another socket of its group and taking it back. */
class KafkaTopicReaderTest {

    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    /** A socket that puts every record on the network at once, up to {@code allowance} records in all. */
    private static final class InstantSink implements RecordSink {
        final Map<Integer, Long> written = new ConcurrentHashMap<>();
        final AtomicInteger handedOver = new AtomicInteger();
        volatile int allowance = Integer.MAX_VALUE;
        volatile String failure;

        @Override
        public int demand() {
            return (int) Math.min(100, Math.max(0, (long) allowance - handedOver.get()));
        }

        @Override
        public void deliver(List<OutRecord> records) {
            assertTrue(records.size() <= demand(), records.size() + " records handed over, " + demand() + " asked for");
            handedOver.addAndGet(records.size());
            records.forEach(record -> written.put(record.partition(), record.offset() + 1));
        }

        @Override
        public Map<Integer, Long> written() {
            return written;
        }

        @Override
        public void commitFailed(String messageId, String reason) {
        }

        @Override
        public void failed(String reason) {
            failure = reason;
        }
    }

    /** Remembers the group's last commit for the partition, whoever made it: it stays readable after close. */
    private static final class RecordingConsumer extends MockConsumer<byte[], byte[]> {
        volatile long lastCommit = -1;
        final AtomicInteger subscribes = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        RecordingConsumer() {
            super("earliest");
            updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, new Node[0], new Node[0])));
            updateBeginningOffsets(Map.of(P0, 0L));
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            remember(offsets);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            commitSync(offsets);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             OffsetCommitCallback callback) {
            super.commitAsync(offsets, callback);
            remember(offsets);
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            subscribes.incrementAndGet();
            super.subscribe(topics, listener);
        }

        @Override
        public synchronized void close(Duration timeout) {
            closes.incrementAndGet();
            super.close(timeout);
        }

        private void remember(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (offsets.containsKey(P0)) {
                lastCommit = offsets.get(P0).offset();
            }
        }

        void add(long from, long to) {
            for (long offset = from; offset < to; offset++) {
                addRecord(new ConsumerRecord<>(TOPIC, 0, offset, null, new byte[]{1}));
            }
        }
    }

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final InstantSink sink = new InstantSink();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final KafkaTopicReader reader = new KafkaTopicReader(consumer, admin(), parameters(),
            new KafkaTopicReaders.Session(), closed::countDown);

    /** Says the topic exists, when the reader (holding no partition for a while) asks. */
    private static MockAdminClient admin() {
        MockAdminClient admin = MockAdminClient.create().numBrokers(1).build();
        Node broker = admin.brokers().get(0);
        admin.addTopic(false, TOPIC, List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker))),
                Map.of());
        return admin;
    }

    private static OutSocketParameters parameters() {
        Map<String, Deque<String>> query = Map.of("clientId", new ArrayDeque<>(List.of("a")),
                "topic", new ArrayDeque<>(List.of(TOPIC)));
        try {
            return OutSocketParameters.parse(query);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes offsets 0-4, loses the partition (committing 5), and gets it back once another socket of the group
     * committed 10: where this socket's written offsets still say 5.
     */
    private void takeThePartitionBack() throws Exception {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.add(0, 5);
        });
        reader.start(sink);
        TestUtils.waitForCondition(() -> sink.written.getOrDefault(0, 0L) == 5L, 10_000, "offsets 0-4 written");
        CountDownLatch back = new CountDownLatch(1);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of());
            assertEquals(5, consumer.lastCommit, "what was written is committed when the partition goes");
            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(10)));
            consumer.rebalance(List.of(P0));
            back.countDown();
        });
        assertTrue(back.await(10, TimeUnit.SECONDS), "the partition came back");
    }

    private void closeReader() throws InterruptedException {
        reader.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the reader closed");
    }

    @Test
    void aPartitionTakenBackIsNotCommittedBackToWhereThisSocketLeftIt() throws Exception {
        takeThePartitionBack();
        closeReader();
        assertEquals(10, consumer.lastCommit, "the other socket's commit stands");
    }

    @Test
    void whatItWritesAfterTakingThePartitionBackIsCommitted() throws Exception {
        takeThePartitionBack();
        consumer.schedulePollTask(() -> consumer.add(10, 13));
        TestUtils.waitForCondition(() -> sink.written.getOrDefault(0, 0L) == 13L, 10_000, "offsets 10-12 written");
        closeReader();
        assertEquals(13, consumer.lastCommit);
    }

    /**
     * A socket that takes nothing (a slow client) holds its reader: the partition is paused and nothing is handed
     * over; once it takes some, it gets as many as it asked for, and no more.
     */
    @Test
    void aSocketThatTakesNothingPausesItsPartitions() throws Exception {
        sink.allowance = 0;
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.add(0, 50);
        });
        reader.start(sink);
        TestUtils.waitForCondition(() -> consumer.paused().contains(P0), 10_000, "the partition paused");
        awaitPolls(3);
        assertEquals(0, sink.handedOver.get(), "nothing handed to a socket that takes nothing");
        sink.allowance = 7;
        reader.wake();
        TestUtils.waitForCondition(() -> sink.handedOver.get() == 7, 10_000, "7 records handed over");
        awaitPolls(3);
        assertEquals(7, sink.handedOver.get(), "no more than the socket asked for");
        assertTrue(consumer.paused().contains(P0), "paused again");
        closeReader();
        assertEquals(7, consumer.lastCommit, "what was written is committed on close");
    }

    @Test
    void aReaderClosedBeforeItStartedClosesItsConsumerOnceAndNeverReads() throws Exception {
        reader.close();
        reader.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the reader closed");
        reader.start(sink);
        reader.close();
        Thread.sleep(200);
        assertEquals(0, consumer.subscribes.get(), "never subscribed");
        assertEquals(1, consumer.closes.get(), "closed once");
    }

    /** A step that throws past the reader's own handling (an Error) ends the reader cleanly, not silently. */
    @Test
    void aReaderWhoseStepThrowsAnErrorClosesItsConsumerAndTellsItsSocket() throws Exception {
        consumer.schedulePollTask(() -> {
            throw new AssertionError("a bug in a step");
        });
        reader.start(sink);
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the reader closed");
        assertNotNull(sink.failure, "its socket was told");
        reader.close();
        Thread.sleep(200);
        assertEquals(1, consumer.closes.get(), "its consumer closed, once");
    }

    /** Waits until the reader has polled {@code count} more times. */
    private void awaitPolls(int count) throws InterruptedException {
        CountDownLatch polled = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            consumer.schedulePollTask(polled::countDown);
        }
        assertTrue(polled.await(10, TimeUnit.SECONDS), count + " polls");
    }
}
