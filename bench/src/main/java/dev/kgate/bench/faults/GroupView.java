package dev.kgate.bench.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
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

    /** Per partition of {@code topic}, the next offset {@code group} reads; none for a group that never committed. */
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

    /** Waits until {@code group} has one member, holding all {@code partitions} partitions. */
    void awaitSoleMember(String group, int partitions, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<MemberDescription> members = members(group);
            if (members.size() == 1 && members.get(0).assignment().topicPartitions().size() == partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Group " + group + " has no sole member after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private boolean hasMembers(String group) throws Exception {
        return !members(group).isEmpty();
    }

    private List<MemberDescription> members(String group) throws Exception {
        try {
            return List.copyOf(admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(group).members());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
