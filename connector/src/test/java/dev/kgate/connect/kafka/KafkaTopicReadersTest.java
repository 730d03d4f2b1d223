package dev.kgate.connect.kafka;

import dev.kgate.http.ws.out.OutSocketParameters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaTopicReadersTest {

    private static OutSocketParameters socket() throws Exception {
        Map<String, Deque<String>> query = Map.of("clientId", new ArrayDeque<>(List.of("browser-7")),
                "groupId", new ArrayDeque<>(List.of("dashboards")), "topic", new ArrayDeque<>(List.of("orders")),
                "batchSize", new ArrayDeque<>(List.of("50")));
        return OutSocketParameters.parse(query);
    }

    @Test
    void aSocketsConsumerIsCheapWhileIdleAndNeverCommitsOrCreatesTopicsOnItsOwn() throws Exception {
        Map<String, Object> props = KafkaTopicReaders.consumerProps(Map.of("bootstrap.servers", "kafka:9092"),
                socket(), null);

        assertEquals("kafka:9092", props.get("bootstrap.servers"));
        assertEquals("dashboards", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals("browser-7", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals(50, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
        assertEquals(KafkaTopicReaders.HEARTBEAT_THREAD_WAKE_MS, props.get(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG));
        assertEquals(List.of(), props.get(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG));
    }

    @Test
    void theConnectorsKafkaSettingsOverrideTheIdleDefaultsButNotTheSocketsOwnParameters() throws Exception {
        Map<String, Object> props = KafkaTopicReaders.consumerProps(Map.of("retry.backoff.ms", "100",
                "enable.metrics.push", "true", "metric.reporters", "org.apache.kafka.common.metrics.JmxReporter",
                "group.id", "someone-else", "enable.auto.commit", "true"), socket(), null);

        assertEquals("100", props.get(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG));
        assertEquals("true", props.get(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG));
        assertEquals("org.apache.kafka.common.metrics.JmxReporter",
                props.get(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG));
        assertEquals("dashboards", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    }
}
