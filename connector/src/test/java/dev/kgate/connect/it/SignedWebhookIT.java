package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.HttpGatewaySourceConnector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, signed webhooks on a real worker: a GitHub-style delivery with no other credential lands in Kafka as sent;
 * missing, wrong and replayed signatures, a timestamped signature out of its window, and signatures to a station that
 * takes none are refused, and none of them writes anything.
 */
@ExtendWith(SharedGatewayCluster.class)
class SignedWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_SECRET = "the-current-github-webhook-secret";
    private static final String OLD_GITHUB_SECRET = "the-github-secret-being-rotated-out";
    private static final String TIMESTAMPED_SECRET = "whsec_a-timestamped-webhook-secret";

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "hook-.*");
        // No user, no key, no grant, no anonymous access: only the signatures let anything in.
        props.put("access.anonymous.enabled", "false");
        props.put("access.grants", "");
        props.put("headers.forward", "X-GitHub-Event,X-GitHub-Delivery");
        props.put("headers.user", "X-Written-By");
        props.put("stations.rules", "github,stripe");
        props.put("stations.rule.github.topics", "hook-gh.*");
        props.put("stations.rule.github.signature", "github");
        props.put("stations.rule.github.signature.secret", GITHUB_SECRET + "," + OLD_GITHUB_SECRET);
        props.put("stations.rule.github.signature.only", "true");
        props.put("stations.rule.stripe.topics", "hook-ts");
        props.put("stations.rule.stripe.signature", "timestamped");
        props.put("stations.rule.stripe.signature.secret", TIMESTAMPED_SECRET);
        props.put("stations.rule.stripe.signature.tolerance.seconds", "60");
        props.put("stations.rule.stripe.signature.only", "true");
        for (String topic : List.of("hook-gh", "hook-gh-refused", "hook-gh-batch", "hook-ts", "hook-plain")) {
            cluster.connect.kafka().createTopic(topic, 1);
        }
        props.put("kafka.bootstrap.servers", cluster.connect.kafka().bootstrapServers());
        // config/validate accepts it: a gateway for webhooks alone needs no user, key or grant.
        Map<String, String> named = new HashMap<>(props);
        named.put("name", "webhooks");
        var validated = cluster.connect.validateConnectorConfig(HttpGatewaySourceConnector.class.getSimpleName(),
                named);
        assertEquals(0, validated.errorCount(), validated.configs().stream()
                .flatMap(config -> config.configValue().errors().stream()).toList().toString());
        cluster.startConnector("webhooks", props, 1);
    }

    private static String hmacHex(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> post(String station, String route, String body, Map<String, String> headers)
            throws Exception {
        var request = GatewayCluster.postRequest(port, "/stations/" + station + "/produce/" + route,
                "application/json", body.getBytes(StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return cluster.send(request);
    }

    private static Map<String, String> github(String secret, String body) throws Exception {
        return Map.of("X-Hub-Signature-256", "sha256=" + hmacHex(secret, body));
    }

    private static Map<String, String> timestamped(long t, String body) throws Exception {
        return Map.of("Stripe-Signature", "t=" + t + ",v1=" + hmacHex(TIMESTAMPED_SECRET, t + "." + body));
    }

    private static void assertRefused(int status, String words, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("success").asBoolean(), response.body());
        assertTrue(body.get("error").asText().contains(words), response.body());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aGitHubDeliveryWithNoOtherCredentialLandsAsSent() throws Exception {
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"1f0e2c\",\"commits\":[{\"id\":\"1f0e2c\",\"n\":1.50}]}";
        Map<String, String> headers = new HashMap<>(github(GITHUB_SECRET, body));
        headers.put("X-GitHub-Event", "push");
        headers.put("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        HttpResponse<String> response = post("hook-gh", "single", body, headers);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode ack = JSON.readTree(response.body());

        // Signed with the secret being rotated out: still a delivery of this rule.
        String second = "{\"zen\":\"Design for failure.\"}";
        assertEquals(200, post("hook-gh", "single", second, github(OLD_GITHUB_SECRET, second)).statusCode());

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeAll("hook-gh");
        assertEquals(2, records.size());
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertEquals(ack.get("offset").asLong(), record.offset());
        assertEquals(ack.get("partition").asInt(), record.partition());
        assertEquals(body, new String(record.value(), StandardCharsets.UTF_8));
        assertEquals("push", header(record, "X-GitHub-Event"));
        assertEquals("72d3162e-cc78-11e3-81ab-4c9367dc0958", header(record, "X-GitHub-Delivery"));
        assertEquals("webhook:github", header(record, "X-Written-By"));
        // The signature is checked, not kept.
        assertEquals(null, header(record, "X-Hub-Signature-256"));
        assertEquals(second, new String(records.get(1).value(), StandardCharsets.UTF_8));
    }

    @Test
    void missingWrongAndReplayedSignaturesWriteNothing() throws Exception {
        String body = "{\"action\":\"opened\",\"number\":42}";
        assertRefused(401, "not signed", post("hook-gh-refused", "single", body, Map.of()));
        assertRefused(401, "does not match", post("hook-gh-refused", "single", body,
                github("a-secret-the-gateway-does-not-know", body)));
        assertRefused(401, "does not match", post("hook-gh-refused", "single", body,
                github(GITHUB_SECRET, body.replace("42", "43"))));
        assertRefused(401, "X-Hub-Signature-256", post("hook-gh-refused", "single", body,
                Map.of("X-Hub-Signature-256", "sha1=" + hmacHex(GITHUB_SECRET, body))));
        assertTrue(cluster.consumeAll("hook-gh-refused").isEmpty());

        assertEquals(200, post("hook-gh-refused", "single", body, github(GITHUB_SECRET, body)).statusCode());
        assertRefused(409, "replay", post("hook-gh-refused", "single", body, github(GITHUB_SECRET, body)));
        assertRefused(409, "replay", post("hook-gh-refused", "single", body, github(OLD_GITHUB_SECRET, body)));
        assertEquals(List.of(body), cluster.landedInOrder("hook-gh-refused"));
    }

    @Test
    void aSignedBatchLandsElementByElement() throws Exception {
        String batch = "[{\"delivery\":1},{\"delivery\":2}]";
        assertRefused(401, "does not match", post("hook-gh-batch", "batch", batch,
                github(GITHUB_SECRET, "[{\"delivery\":1}]")));
        assertEquals(200, post("hook-gh-batch", "batch", batch, github(GITHUB_SECRET, batch)).statusCode());
        assertEquals(List.of("{\"delivery\":1}", "{\"delivery\":2}"), cluster.landedInOrder("hook-gh-batch"));
    }

    @Test
    void aTimestampedSignatureOutOfItsWindowWritesNothing() throws Exception {
        String body = "{\"type\":\"invoice.paid\"}";
        long now = System.currentTimeMillis() / 1000;
        assertRefused(401, "tolerance", post("hook-ts", "single", body, timestamped(now - 3_600, body)));
        assertRefused(401, "tolerance", post("hook-ts", "single", body, timestamped(now + 3_600, body)));
        // A signature of one time moved to another does not match.
        String moved = timestamped(now - 3_600, body).get("Stripe-Signature").replace("t=" + (now - 3_600), "t=" + now);
        assertRefused(401, "does not match", post("hook-ts", "single", body, Map.of("Stripe-Signature", moved)));
        assertTrue(cluster.consumeAll("hook-ts").isEmpty());

        Map<String, String> fresh = timestamped(now, body);
        assertEquals(200, post("hook-ts", "single", body, fresh).statusCode());
        assertRefused(409, "replay", post("hook-ts", "single", body, fresh));
        assertEquals(List.of(body), cluster.landedInOrder("hook-ts"));
    }

    @Test
    void aStationWithoutASignatureRuleTakesNoWebhook() throws Exception {
        String body = "{\"n\":1}";
        assertRefused(401, "no credentials", post("hook-plain", "single", body, github(GITHUB_SECRET, body)));
        // Nor does another rule's secret open this rule's stations: each station checks its own rule's signature.
        assertRefused(401, "X-Hub-Signature-256", post("hook-gh", "single", body, timestamped(
                System.currentTimeMillis() / 1000, body)));
        assertTrue(cluster.consumeAll("hook-plain").isEmpty());
        assertEquals(401, TestSocket.upgrade(port, "/socket/in?clientId=c&topic=hook-gh", Map.of()).status());
    }
}
