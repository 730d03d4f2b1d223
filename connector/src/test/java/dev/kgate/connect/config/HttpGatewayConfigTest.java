package dev.kgate.connect.config;

import dev.kgate.connect.HttpGatewaySourceConnector;
import dev.kgate.http.auth.LoginLimits;
import dev.kgate.http.cluster.BrokerInfo;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.ws.wire.SocketTimeouts;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpGatewayConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "g");
        props.put("connector.class", HttpGatewaySourceConnector.class.getName());
        props.put("errors.tolerance", "all");
        props.put("topics.allowed", "orders");
        props.put("auth.users", "root:memphis");
        props.put("auth.jwt.secret", "0123456789abcdef0123456789abcdef");
        props.put("access.grants", "root=write:orders");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        return props;
    }

    static List<String> errorsOf(Map<String, String> props, String key) {
        return new HttpGatewaySourceConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void defaultsMatchTheSeedApi() {
        HttpGatewayConfig config = new HttpGatewayConfig(minimal());
        assertEquals(4444, config.listenerSettings().port());
        assertEquals(4 * 1024 * 1024, config.ingestSettings(null).maxBodyBytes());
        assertTrue(config.topicPolicy().permits("orders"));
        assertEquals(1_000, config.websocketMaxInFlight());
    }

    @Test
    void loginLimitsComeFromTheAuthKeysAndMustBePositive() {
        assertEquals(LoginLimits.DEFAULTS, new HttpGatewayConfig(minimal()).authSettings().logins());
        Map<String, String> props = minimal();
        props.put("auth.failed.logins.max", "3");
        props.put("auth.failed.logins.window.ms", "5000");
        props.put("auth.verify.threads", "4");
        props.put("auth.verify.queue", "16");
        props.put("retry.after.seconds", "7");
        assertEquals(new LoginLimits(4, 16, 3, 5_000, 7),
                new HttpGatewayConfig(props).authSettings().logins());
        for (String key : List.of("auth.failed.logins.max", "auth.failed.logins.window.ms", "auth.verify.threads",
                "auth.verify.queue")) {
            Map<String, String> bad = minimal();
            bad.put(key, "0");
            assertEquals(1, errorsOf(bad, key).size(), key);
        }
    }

    @Test
    void oneRefusedRecordMayNotFailTheTaskUnlessAllowed() {
        Map<String, String> props = minimal();
        props.remove("errors.tolerance");
        List<String> errors = errorsOf(props, HttpGatewayConfig.ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("errors.tolerance=all"), errors.get(0));
        props.put("errors.tolerance", "none");
        assertEquals(1, errorsOf(props, HttpGatewayConfig.ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG).size());
        assertThrows(ConfigException.class, () -> new HttpGatewaySourceConnector().start(props));
        props.put(HttpGatewayConfig.ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG, "true");
        assertTrue(errorsOf(props, HttpGatewayConfig.ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG).isEmpty());
        assertTrue(errorsOf(minimal(), HttpGatewayConfig.ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG).isEmpty());
    }

    /** A cluster whose topics all exist and take records of up to 1,500,000 bytes. */
    private static final KafkaView TOPICS_OF_1_5_MB = new KafkaView() {
        @Override
        public CompletionStage<Boolean> topicExists(String topic) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public int topicMaxMessageBytes(String topic) {
            return 1_500_000;
        }

        @Override
        public CompletionStage<List<BrokerInfo>> brokers() {
            return CompletableFuture.completedFuture(List.of());
        }
    };

    @Test
    void recordsAreSizedByTheProducerAndTheTopic() {
        Map<String, String> props = minimal();
        assertEquals(1_048_576 - 512, new HttpGatewayConfig(props).ingestSettings(TOPICS_OF_1_5_MB)
                .recordSizeLimit().maxPayloadBytes("orders"), "Kafka's default max.request.size when not overridden");
        props.put("producer.override.max.request.size", "2000000");
        assertEquals(1_500_000 - 512, new HttpGatewayConfig(props).ingestSettings(TOPICS_OF_1_5_MB)
                .recordSizeLimit().maxPayloadBytes("orders"), "the topic's max.message.bytes when smaller");
        props.put("producer.override.max.request.size", "abc");
        assertFalse(errorsOf(props, HttpGatewayConfig.HTTP_MAX_BODY_BYTES_CONFIG).isEmpty());
        props.put("producer.override.max.request.size", "100");
        assertFalse(errorsOf(props, HttpGatewayConfig.HTTP_MAX_BODY_BYTES_CONFIG).isEmpty());
    }

    @Test
    void kafkaClientSettingsArePassedOnWithoutThePrefix() {
        Map<String, String> props = minimal();
        props.put("kafka.security.protocol", "SASL_SSL");
        props.put("kafka.sasl.mechanism", "PLAIN");
        props.put("kafka.client.dns.lookup", "use_all_dns_ips");
        Map<String, Object> client = new HttpGatewayConfig(props).kafkaClientProps();
        assertEquals("localhost:9092", client.get("bootstrap.servers"));
        assertEquals("SASL_SSL", client.get("security.protocol"));
        assertEquals("PLAIN", client.get("sasl.mechanism"));
        assertEquals("use_all_dns_ips", client.get("client.dns.lookup"), "undeclared kafka.* keys pass too");
    }

    @Test
    void validationRequiresTheBootstrapServers() {
        Map<String, String> props = minimal();
        props.remove("kafka.bootstrap.servers");
        assertFalse(errorsOf(props, "kafka.bootstrap.servers").isEmpty());
        props.put("kafka.bootstrap.servers", "no-port");
        assertEquals(List.of("Invalid value no-port for configuration kafka.bootstrap.servers: not a host:port"),
                errorsOf(props, "kafka.bootstrap.servers"));
    }

    @Test
    void validationSaysWhenNoTopicIsOpen() {
        Map<String, String> props = minimal();
        props.remove("topics.allowed");
        assertEquals(1, errorsOf(props, "topics.allowed").size());
        assertTrue(errorsOf(minimal(), "topics.allowed").isEmpty());
    }

    @Test
    void validationRejectsBadTopicNamesPatternsAndPorts() {
        Map<String, String> props = minimal();
        props.put("topics.allowed", "ok,not ok");
        assertEquals(1, errorsOf(props, "topics.allowed").size());
        props = minimal();
        props.put("topics.allowed.regex", "events-(");
        assertEquals(1, errorsOf(props, "topics.allowed.regex").size());
        props = minimal();
        props.put("http.port", "70000");
        assertEquals(1, errorsOf(props, "http.port").size());
    }

    @Test
    void authNeedsUsersAndASecretLongEnoughForHs256() {
        Map<String, String> props = minimal();
        props.put("auth.jwt.secret", "too-short");
        List<String> errors = errorsOf(props, "auth.jwt.secret");
        assertEquals(1, errors.size());
        assertTrue(!errors.get(0).contains("too-short"), "the secret must not be echoed: " + errors);
        props = minimal();
        props.remove("auth.users");
        assertEquals(1, errorsOf(props, "auth.users").size());
        props.put("auth.users", "root");
        assertEquals(1, errorsOf(props, "auth.users").size());
        props.put("auth.users", "root:pbkdf2-sha256$x$y$z");
        assertTrue(!errorsOf(props, "auth.users").get(0).contains("pbkdf2-sha256$x"));
        props = minimal();
        props.put("auth.enabled", "false");
        props.remove("auth.users");
        props.remove("auth.jwt.secret");
        assertTrue(errorsOf(props, "auth.users").isEmpty());
    }

    @Test
    void accessMistakesAreConfigErrorsOnTheRightKey() {
        Map<String, String> props = minimal();
        props.put("access.grants", "");
        assertEquals(1, errorsOf(props, "access.grants").size(), "nothing granted");
        props.put("access.grants", "root=delete:orders");
        assertEquals(1, errorsOf(props, "access.grants").size(), "unknown operation");
        props.put("access.grants", "rot=write:orders");
        assertTrue(errorsOf(props, "access.grants").get(0).contains("'rot'"), "a typo in a principal's name");
        props.put("access.grants", "root=write:orders,*=read:orders,anonymous=write:hooks");
        assertTrue(errorsOf(props, "access.grants").isEmpty());

        String[] key = dev.kgate.http.access.ApiKeys.generate("etl");
        props.put("auth.api.keys", key[1]);
        props.put("access.grants", "etl=write:orders");
        assertTrue(errorsOf(props, "auth.api.keys").isEmpty());
        props.put("auth.api.keys", "etl=" + key[0]);
        List<String> plainKey = errorsOf(props, "auth.api.keys");
        assertEquals(1, plainKey.size());
        assertTrue(!plainKey.get(0).contains(key[0]), "the key must not be echoed: " + plainKey);
        props.put("auth.api.keys", dev.kgate.http.access.ApiKeys.generate("root")[1]);
        assertEquals(1, errorsOf(props, "auth.api.keys").size(), "a key named like a user");
        props.put("auth.api.keys", dev.kgate.http.access.ApiKeys.generate("anonymous")[1]);
        assertEquals(1, errorsOf(props, "auth.api.keys").size(), "a reserved name");

        props = minimal();
        props.put("auth.enabled", "false");
        props.put("access.grants", "anonymous=write:orders");
        assertEquals(1, errorsOf(props, "access.anonymous.enabled").size(), "no way in at all");
        props.put("access.anonymous.enabled", "true");
        assertTrue(errorsOf(props, "access.anonymous.enabled").isEmpty());
    }

    @Test
    void aBrokenStationRuleIsAConfigErrorNotARuntimeOne() {
        Map<String, String> props = minimal();
        props.put("stations.rules", "orders");
        props.put("stations.rule.orders.topics", "orders");
        props.put("stations.rule.orders.schema", "{\"type\": 12}");
        assertEquals(1, errorsOf(props, "stations.rules").size());
        props.put("stations.rule.orders.schema", "{\"type\": \"object\"}");
        assertTrue(errorsOf(props, "stations.rules").isEmpty());
        props.put("stations.rule.orders.key", "cookie:x");
        assertEquals(1, errorsOf(props, "stations.rules").size());
        props.remove("stations.rule.orders.key");
        props.put("stations.rule.orders.schema.file", "/nonexistent.json");
        assertEquals(1, errorsOf(props, "stations.rules").size());
        props = minimal();
        props.put("stations.rules", "missing");
        assertEquals(1, errorsOf(props, "stations.rules").size());
    }

    @Test
    void webSocketTimeoutsHaveSaneDefaultsAndAPingBeforeTheIdleTimeout() {
        SocketTimeouts defaults = new HttpGatewayConfig(minimal()).socketTimeouts();
        assertEquals(new SocketTimeouts(30_000, 120_000, 30_000), defaults);
        Map<String, String> props = minimal();
        props.put("websocket.ping.interval.ms", "5000");
        props.put("websocket.idle.timeout.ms", "15000");
        props.put("websocket.message.timeout.ms", "2000");
        assertEquals(new SocketTimeouts(5_000, 15_000, 2_000), new HttpGatewayConfig(props).socketTimeouts());
        assertTrue(errorsOf(props, "websocket.ping.interval.ms").isEmpty());
        props.put("websocket.ping.interval.ms", "15000");
        assertEquals(1, errorsOf(props, "websocket.ping.interval.ms").size(), "no ping before the idle timeout");
        props = minimal();
        props.put("websocket.message.timeout.ms", "0");
        assertEquals(1, errorsOf(props, "websocket.message.timeout.ms").size());
    }

    @Test
    void corsAllowsNoOriginUntilConfiguredAndNamesAuthorization() {
        CorsPolicy defaults = new HttpGatewayConfig(minimal()).corsPolicy();
        assertThrows(Refusal.class, () -> defaults.allowOrigin(List.of("https://app.example")));
        assertEquals("GET, POST", defaults.allowMethods());
        assertEquals("Authorization, Content-Type, Content-Encoding", defaults.allowHeaders());
        assertEquals("Retry-After, WWW-Authenticate", defaults.exposeHeaders());
        assertFalse(defaults.allowCredentials());

        Map<String, String> props = minimal();
        props.put("http.cors.allowed.origins", "https://App.example, http://localhost:3000");
        props.put("headers.forward", "X-Request-Id");
        props.put("stations.rules", "keyed");
        props.put("stations.rule.keyed.topics", "orders");
        props.put("stations.rule.keyed.key", "header:X-Order-Key");
        props.put("auth.api.key.header", "X-API-Key");
        CorsPolicy cors = new HttpGatewayConfig(props).corsPolicy();
        assertEquals("https://app.example", cors.allowOrigin(List.of("https://app.example")));
        assertEquals("http://localhost:3000", cors.allowOrigin(List.of("http://localhost:3000")));
        cors.checkPreflight(List.of("POST"), List.of("authorization,content-type,x-request-id,x-order-key,x-api-key"));
    }

    @Test
    void corsMistakesAreReportedOnTheirOwnKeys() {
        Map<String, Map.Entry<String, String>> cases = Map.of(
                "a path", Map.entry("http.cors.allowed.origins", "https://app.example/"),
                "the null origin", Map.entry("http.cors.allowed.origins", "https://app.example,null"),
                "a pattern", Map.entry("http.cors.allowed.origins", "https://*.example"),
                "a wildcard method", Map.entry("http.cors.allowed.methods", "*"),
                "a header that is no name", Map.entry("http.cors.allowed.headers", "Authorization,X Y"),
                "an exposed wildcard", Map.entry("http.cors.exposed.headers", "*"),
                "a negative max age", Map.entry("http.cors.max.age.seconds", "-1"));
        cases.forEach((what, setting) -> {
            Map<String, String> props = minimal();
            props.put(setting.getKey(), setting.getValue());
            assertEquals(1, errorsOf(props, setting.getKey()).size(), what);
        });
        Map<String, String> props = minimal();
        props.put("http.cors.allowed.origins", "*");
        assertTrue(errorsOf(props, "http.cors.allowed.origins").isEmpty());
        props.put("http.cors.allow.credentials", "true");
        List<String> errors = errorsOf(props, "http.cors.allowed.origins");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("http.cors.allow.credentials"), errors.get(0));
        assertThrows(ConfigException.class, () -> new HttpGatewaySourceConnector().start(props));
    }

    @Test
    void taskConfigsHonourMaxTasks() {
        HttpGatewaySourceConnector connector = new HttpGatewaySourceConnector();
        connector.start(minimal());
        assertEquals(3, connector.taskConfigs(3).size());
        assertEquals(1, connector.taskConfigs(1).size());
    }

    @Test
    void docsTableListsEveryKey() {
        String table = ConfigTable.markdown(HttpGatewayConfig.CONFIG_DEF);
        for (String key : HttpGatewayConfig.CONFIG_DEF.names()) {
            assertTrue(table.contains("`" + key + "`"), key);
        }
    }
}
