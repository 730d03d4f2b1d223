package dev.kgate.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * bench/run's topics, with one Admin client per call instead of a Kafka tool's JVM per topic:
 * <ul>
 *   <li>{@code Topics <bootstrap> create <partitions> <topic>...}: creates them (existing ones are kept) and waits
 *       until every partition has a leader;</li>
 *   <li>{@code Topics <bootstrap> count <topic>...}: prints {@code topic name=<topic> records=<sum of end offsets>}
 *       per topic (the topics are written from offset 0 and never truncated, so that is what they hold);</li>
 *   <li>{@code Topics <bootstrap> smallest-partition <topic>}: prints the end offset of its smallest partition;</li>
 *   <li>{@code Topics <bootstrap> delete <topic>...}: deletes them (missing ones are skipped).</li>
 * </ul>
 */
public final class Topics {

    private Topics() {
    }

    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            List<String> topics = Arrays.asList(args).subList(args[1].equals("create") ? 3 : 2, args.length);
            switch (args[1]) {
                case "create" -> create(admin, Integer.parseInt(args[2]), topics);
                case "count" -> {
                    for (Map.Entry<String, List<Long>> topic : endOffsets(admin, topics).entrySet()) {
                        System.out.printf("topic name=%s records=%d%n", topic.getKey(),
                                topic.getValue().stream().mapToLong(Long::longValue).sum());
                    }
                }
                case "smallest-partition" -> System.out.println(endOffsets(admin, topics).get(topics.get(0)).stream()
                        .mapToLong(Long::longValue).min().orElse(0));
                case "delete" -> delete(admin, topics);
                default -> throw new IllegalArgumentException("create, count, smallest-partition or delete: "
                        + args[1]);
            }
        }
    }

    private static void create(Admin admin, int partitions, List<String> topics) throws Exception {
        List<NewTopic> requests = topics.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        awaitAll(admin.createTopics(requests).values().values(), TopicExistsException.class);
        // The controller has them; wait until the broker's metadata gives every partition a leader, so that a run's first
        // send does not wait out the producer's metadata retries (100 ms and up, backing off) inside its timing.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (admin.describeTopics(topics).allTopicNames().get().values().stream().flatMap(d -> d.partitions()
                        .stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // Not known to the broker yet.
            }
            Thread.sleep(20);
        }
    }

    private static void delete(Admin admin, List<String> topics) throws Exception {
        awaitAll(admin.deleteTopics(topics).topicNameValues().values(), UnknownTopicOrPartitionException.class);
    }

    /** Waits for every result; a failure of the expected kind (the topic already exists, or is already gone) is fine. */
    private static void awaitAll(Collection<? extends KafkaFuture<?>> results, Class<? extends Throwable> expected)
            throws Exception {
        for (KafkaFuture<?> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                if (!expected.isInstance(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, List<Long>> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        descriptions.values().forEach(description -> description.partitions().forEach(partition ->
                latest.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest())));
        var offsets = admin.listOffsets(latest).all().get();
        Map<String, List<Long>> byTopic = new java.util.TreeMap<>();
        for (String topic : topics) {
            List<Long> ends = new ArrayList<>();
            offsets.forEach((partition, info) -> {
                if (partition.topic().equals(topic)) {
                    ends.add(info.offset());
                }
            });
            byTopic.put(topic, ends);
        }
        return byTopic;
    }
}
