package dev.kgate.bench.faults;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a scenario's topic back with a plain consumer: where each message id landed, once or more. */
final class TopicAudit {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** Positions of each id, as "partition:offset". */
    private final Map<String, List<String>> positions = new HashMap<>();
    private long records;

    static TopicAudit read(String topic) {
        TopicAudit audit = new TopicAudit();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FaultCluster.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 120 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    audit.records++;
                    Matcher id = ID.matcher(record.value() == null ? "" : record.value());
                    String key = id.find() ? id.group(1) : "(no id)";
                    audit.positions.computeIfAbsent(key, k -> new ArrayList<>(1))
                            .add(record.partition() + ":" + record.offset());
                }
            }
        }
        return audit;
    }

    long records() {
        return records;
    }

    /** True when the record at the acknowledged partition and offset is this id's. */
    boolean holds(String id, int partition, long offset) {
        List<String> at = positions.get(id);
        return at != null && at.contains(partition + ":" + offset);
    }

    Map<String, List<String>> positions() {
        return positions;
    }
}
