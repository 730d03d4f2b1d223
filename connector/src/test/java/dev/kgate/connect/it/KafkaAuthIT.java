package dev.kgate.connect.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code X-Kafka-Auth} on {@code /socket/out} against a broker that takes SASL/PLAIN logins only. */
class KafkaAuthIT {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required ";
    private static final Map<String, String> ADMIN_CLIENT = Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", PLAIN + "username=\"admin\" password=\"admin-secret\";");

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Properties broker = new Properties();
        broker.put("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        broker.put("sasl.enabled.mechanisms", "PLAIN");
        broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.put("listener.name.external.plain.sasl.jaas.config", PLAIN
                + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\""
                + " user_alice=\"alice-secret\";");
        cluster = new GatewayCluster(1, broker, ADMIN_CLIENT);
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "sasl-.*");
        props.put("out.topics.allowed.regex", "sasl-.*");
        ADMIN_CLIENT.forEach((key, value) -> props.put("kafka." + key, value));
        cluster.startConnector("sasl", props, 1);
        cluster.connect.kafka().createTopic("sasl-topic", 1);
        Map<String, Object> producerProps = new HashMap<>(ADMIN_CLIENT);
        producerProps.put("bootstrap.servers", cluster.connect.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("sasl-topic", "secret".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Map<String, String> kafkaAuth(String credentials) {
        return Map.of("X-Kafka-Auth", Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rightCredentialsReadWrongOnesAreRefusedBeforeTheUpgrade() throws Exception {
        TestSocket.Refusal wrong = TestSocket.upgrade(port, "/socket/out?clientId=w&topic=sasl-topic",
                kafkaAuth("alice:not-her-password"));
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().get("message").asText().contains("X-Kafka-Auth"), wrong.body().toString());
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/out?clientId=alice&topic=sasl-topic",
                kafkaAuth("alice:alice-secret"))) {
            assertEquals("secret", socket.next().get("value").get("value").asText());
        }
    }
}
