package dev.kgate.bench.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The broker's view of the readers' consumer groups and their topic, from an Admin client on the direct listener
 * (never cut off by a fault): what a group has committed, whether it still has members, where the topic ends.
 */
final class GroupView implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            FaultCluster.bootstrap()));

    /** Per partition of {@code topic}, the next offset {@code group} will read; none for a group that never committed. */
    Map<Integer, Long> committed(String group, String topic) throws Exception {
        Map<Integer, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        all.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                offsets.put(partition.partition(), offset.offset());
            }
        });
        return offsets;
    }

    /** Per partition, one past the last record. */
    Map<Integer, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /** Waits until {@code group} has no member: its last consumer has committed (if it does) and left. */
    void awaitEmpty(String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hasMembers(group)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Group " + group + " still has members after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private boolean hasMembers(String group) throws Exception {
        try {
            return !admin.describeConsumerGroups(List.of(group)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group).members().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
