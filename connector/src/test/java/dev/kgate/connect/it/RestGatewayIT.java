package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.auth.Credential;
import dev.kgate.http.auth.TokenService;
import dev.kgate.http.auth.TokenType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST gateway API of the seed, end to end on real Kafka: auth, every content type, schemas, batches. */
@ExtendWith(SharedGatewayCluster.class)
class RestGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "it-secret-0123456789-0123456789-0123456789";
    private static GatewayCluster cluster;
    /** Token in the query string allowed here. */
    private static int port;
    /** Same users and secret, token in the query string not allowed. */
    private static int strictPort;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        strictPort = GatewayCluster.freePort();
        cluster.startConnector("rest", config(port, true), 1);
        cluster.startConnector("rest-strict", config(strictPort, false), 1);
    }

    private static Map<String, String> config(int port, boolean tokenInQuery) {
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "rest-.*");
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "root:memphis,alice:" + Credential.hash("wonderland".toCharArray(), 1_000));
        props.put("auth.jwt.secret", SECRET);
        props.put("auth.token.query.enabled", String.valueOf(tokenInQuery));
        props.put("http.max.body.bytes", String.valueOf(64 * 1024));
        props.put("batch.max.messages", "50");
        props.put("headers.forward", "X-Request-Id,Authorization,Cookie");
        props.put("headers.forward.prefixes", "X-Event-");
        props.put("headers.user", "kgate-user");
        props.put("stations.rules", "validated,draft4,byHeader,byQuery,byPointer");
        props.put("stations.rule.validated.topics", "rest-validated.*");
        props.put("stations.rule.validated.schema",
                "{\"type\":\"object\",\"required\":[\"field1\",\"field2\",\"field3\"]}");
        props.put("stations.rule.draft4.topics", "rest-draft4");
        props.put("stations.rule.draft4.schema", "{\"$schema\":\"http://json-schema.org/draft-04/schema#\","
                + "\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"maximum\":10}}}");
        props.put("stations.rule.byHeader.topics", "rest-key-header");
        props.put("stations.rule.byHeader.key", "header:X-Key");
        props.put("stations.rule.byQuery.topics", "rest-key-query");
        props.put("stations.rule.byQuery.key", "query:key");
        props.put("stations.rule.byPointer.topics", "rest-key-pointer.*");
        props.put("stations.rule.byPointer.key", "pointer:/customer/id");
        return props;
    }

    private static JsonNode authenticate(String body) throws Exception {
        HttpResponse<String> response = cluster.post(port, "/auth/authenticate", "application/json", body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String accessToken() throws Exception {
        return authenticate("{\"username\":\"root\",\"connection_token\":\"memphis\"}").get("jwt").asText();
    }

    private static HttpResponse<String> produce(int port, String topic, String route, String token, String contentType,
                                                byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = GatewayCluster.postRequest(port, "/stations/" + topic + "/produce/" + route,
                contentType, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return cluster.send(request);
    }

    private static HttpResponse<String> produceJson(String topic, String route, String token, String body)
            throws Exception {
        return produce(port, topic, route, token, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSeedsCurlExamplesWorkAsWritten() throws Exception {
        String topic = "rest-seed";
        cluster.connect.kafka().createTopic(topic, 1);
        // curl --request POST 'http_proxy:4444/auth/authenticate' --header 'Content-Type: application/json'
        //      --data-raw '{"username": "root", "connection_token": "memphis"}'
        JsonNode pair = authenticate("{\n    \"username\": \"root\",\n\t\"connection_token\": \"memphis\"\n}");
        assertEquals(900_000, pair.get("expires_in").asLong());
        assertEquals(18_000_000, pair.get("refresh_token_expires_in").asLong());
        assertFalse(pair.get("jwt").asText().isEmpty());

        // curl --request POST 'http_proxy:4444/auth/refreshToken' --header 'Authorization: Bearer <refresh>'
        //      --data-raw ''   (curl sends that as an empty form post)
        HttpResponse<String> refreshed = cluster.send(GatewayCluster.postRequest(port, "/auth/refreshToken",
                "application/x-www-form-urlencoded", new byte[0])
                .header("Authorization", "Bearer " + pair.get("jwt_refresh_token").asText()));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String jwt = JSON.readTree(refreshed.body()).get("jwt").asText();

        HttpResponse<String> single = produceJson(topic, "single", jwt, "{\"message\": \"New Message\"}");
        assertEquals(200, single.statusCode(), single.body());
        JsonNode ack = JSON.readTree(single.body());
        assertTrue(ack.get("success").asBoolean());
        assertTrue(ack.get("error").isNull());

        HttpResponse<String> batch = produceJson(topic, "batch", jwt,
                "[\n    {\"message\": \"x\"},\n    {\"message\": \"y\"},\n    {\"message\": \"z\"}\n]");
        assertEquals(200, batch.statusCode(), batch.body());
        JsonNode batchReply = JSON.readTree(batch.body());
        assertTrue(batchReply.get("success").asBoolean());
        assertTrue(batchReply.get("error").isNull());
        assertEquals(3, batchReply.get("sent").asInt());

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(List.of("{\"message\": \"New Message\"}", "{\"message\": \"x\"}", "{\"message\": \"y\"}",
                        "{\"message\": \"z\"}"),
                cluster.landedInOrder(topic));
        for (int i = 0; i < 3; i++) {
            assertEquals(landed.get(i + 1).offset(), batchReply.get("results").get(i).get("offset").asLong());
        }
    }

    @Test
    void everyAuthFailureIs401AndWritesNothing() throws Exception {
        String topic = "rest-auth";
        cluster.connect.kafka().createTopic(topic, 1);
        JsonNode pair = authenticate("{\"username\":\"alice\",\"password\":\"wonderland\"}");
        TokenService sameSecret = new TokenService(SECRET.getBytes(StandardCharsets.UTF_8), "kgate");
        TokenService otherSecret = new TokenService("another-secret-0123456789-0123456789".getBytes(
                StandardCharsets.UTF_8), "kgate");
        String expired = sameSecret.issue("root", TokenType.ACCESS, Duration.ofMinutes(-5));
        String wrongSignature = otherSecret.issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        String otherIssuer = new TokenService(SECRET.getBytes(StandardCharsets.UTF_8), "someone-else")
                .issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        String unknownUser = sameSecret.issue("mallory", TokenType.ACCESS, Duration.ofMinutes(5));
        String algNone = unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"iss\":\"kgate\",\"sub\":\"root\","
                + "\"exp\":4102444800,\"iat\":1700000000,\"jti\":\"x\",\"token_type\":\"access\"}");
        String refreshAsAccess = pair.get("jwt_refresh_token").asText();

        for (String token : new String[]{null, "", "not-a-jwt", expired, wrongSignature, otherIssuer, unknownUser,
                algNone, refreshAsAccess}) {
            HttpResponse<String> response = produceJson(topic, "single", token, "{\"a\":1}");
            assertEquals(401, response.statusCode(), token + " -> " + response.body());
            assertFalse(JSON.readTree(response.body()).get("success").asBoolean());
            assertEquals(401, produceJson(topic, "batch", token, "[{\"a\":1}]").statusCode());
        }
        // Basic credentials are accepted on every route now (one pipeline), but only right ones.
        HttpResponse<String> basic = produce(port, topic, "single", null, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), "Authorization", "Basic cm9vdDp3cm9uZw==");
        assertEquals(401, basic.statusCode());

        // An access token is not a refresh token.
        HttpResponse<String> refreshWithAccess = cluster.send(GatewayCluster.postRequest(port, "/auth/refreshToken",
                "application/json", new byte[0]).header("Authorization", "Bearer " + pair.get("jwt").asText()));
        assertEquals(401, refreshWithAccess.statusCode());
        assertEquals("Unauthorized", JSON.readTree(refreshWithAccess.body()).get("message").asText());
        // The seed implementation's form: the refresh token in the body.
        HttpResponse<String> refreshInBody = cluster.post(port, "/auth/refreshToken", "application/json",
                "{\"jwt_refresh_token\":\"" + refreshAsAccess + "\"}");
        assertEquals(200, refreshInBody.statusCode(), refreshInBody.body());

        for (String body : new String[]{"{\"username\":\"root\",\"connection_token\":\"wrong\"}",
                "{\"username\":\"nobody\",\"password\":\"memphis\"}",
                "{\"username\":\"alice\",\"password\":\"Wonderland\"}"}) {
            HttpResponse<String> response = cluster.post(port, "/auth/authenticate", "application/json", body);
            assertEquals(401, response.statusCode(), body);
            assertEquals("{\"message\":\"Unauthorized\"}", response.body());
        }
        for (String body : new String[]{"not json", "[]", "{\"username\":\"root\"}", "{\"password\":\"x\"}",
                "{\"username\":\"root\",\"password\":\"memphis\",\"token_expiry_in_minutes\":\"soon\"}"}) {
            HttpResponse<String> response = cluster.post(port, "/auth/authenticate", "application/json", body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(JSON.readTree(response.body()).has("message"));
        }
        assertEquals(0, cluster.consumeAll(topic).size(), "no failed request may write");
    }

    @Test
    void requestedExpiryIsCappedAndTheTokenCarriesNoSecret() throws Exception {
        JsonNode pair = authenticate("{\"username\":\"root\",\"password\":\"memphis\","
                + "\"token_expiry_in_minutes\":100000,\"refresh_token_expiry_in_minutes\":2}");
        assertEquals(Duration.ofHours(24).toMillis(), pair.get("expires_in").asLong());
        assertEquals(Duration.ofMinutes(2).toMillis(), pair.get("refresh_token_expires_in").asLong());
        String claims = new String(Base64.getUrlDecoder().decode(pair.get("jwt").asText().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertFalse(claims.contains("memphis"), claims);
        JsonNode parsed = JSON.readTree(claims);
        for (String claim : new String[]{"sub", "iat", "exp", "iss", "jti", "token_type"}) {
            assertTrue(parsed.has(claim), claim + " missing from " + claims);
        }
    }

    @Test
    void tokenInTheQueryStringOnlyWhereEnabled() throws Exception {
        String topic = "rest-query-token";
        cluster.connect.kafka().createTopic(topic, 1);
        String token = URLEncoder.encode(accessToken(), StandardCharsets.UTF_8);
        String path = "/stations/" + topic + "/produce/single?authorization=" + token;
        assertEquals(200, cluster.post(port, path, "text/plain", "via query").statusCode());
        assertEquals(401, cluster.post(strictPort, path, "text/plain", "refused").statusCode());
        assertEquals(List.of("via query"), cluster.landedInOrder(topic));
    }

    @Test
    void eachContentTypeLandsAsSentAndBadBodiesAreRefused() throws Exception {
        String topic = "rest-types";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        byte[] text = "plain text é".getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"n\": 1.10, \"big\": 12345678901234567890}".getBytes(StandardCharsets.UTF_8);
        byte[] protobuf = {0x08, (byte) 0x96, 0x01, 0x00, (byte) 0xff};
        assertEquals(200, produce(port, topic, "single", jwt, "text/plain; charset=utf-8", text).statusCode());
        assertEquals(200, produce(port, topic, "single", jwt, "application/json; charset=utf-8", json).statusCode());
        assertEquals(200, produce(port, topic, "single", jwt, "application/x-protobuf", protobuf).statusCode());
        byte[] octets = {0x00, (byte) 0xfe, 0x7f, 0x0a};
        assertEquals(200, produce(port, topic, "single", jwt, "application/octet-stream", octets).statusCode());

        assertEquals(400, produceJson(topic, "single", jwt, "{\"broken\": ").statusCode());
        assertEquals(400, produce(port, topic, "single", jwt, "text/plain", new byte[0]).statusCode());
        HttpResponse<String> xml = produce(port, topic, "single", jwt, "application/xml", "<a/>".getBytes());
        assertEquals(415, xml.statusCode());
        assertFalse(JSON.readTree(xml.body()).get("success").asBoolean());
        assertEquals(415, produce(port, topic, "batch", jwt, "text/plain", "[1]".getBytes()).statusCode());
        assertEquals(413, produce(port, topic, "single", jwt, "text/plain", new byte[100 * 1024]).statusCode());

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(4, landed.size());
        assertArrayEquals(text, landed.get(0).value());
        assertArrayEquals(json, landed.get(1).value());
        assertArrayEquals(protobuf, landed.get(2).value());
        assertArrayEquals(octets, landed.get(3).value());
    }

    @Test
    void gzipBodiesLandInflatedAndABombWritesNothing() throws Exception {
        String topic = "rest-gzip";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        byte[] json = "{\"message\": \"compressed\", \"n\": 1.10}".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, produce(port, topic, "single", jwt, "application/json", gzip(json),
                "Content-Encoding", "gzip").statusCode());
        HttpResponse<String> batch = produce(port, topic, "batch", jwt, "application/x-ndjson",
                gzip("{\"line\":1}\n{\"line\":2}\n".getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "x-gzip");
        assertEquals(200, batch.statusCode(), batch.body());
        // Exactly the body limit (64 KiB here) once inflated, then one byte more.
        byte[] atLimit = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        assertEquals(200, produce(port, topic, "single", jwt, "text/plain", gzip(atLimit),
                "Content-Encoding", "gzip").statusCode());
        HttpResponse<String> over = produce(port, topic, "single", jwt, "text/plain",
                gzip("x".repeat(64 * 1024 + 1).getBytes(StandardCharsets.US_ASCII)), "Content-Encoding", "gzip");
        assertEquals(413, over.statusCode(), over.body());

        // 16 MiB of zeros in about 16 KB: refused without being inflated past the limit, nothing written.
        byte[] bomb = BadInputCatalogueIT.gzipZeros(16 * 1024 * 1024);
        assertTrue(bomb.length < 64 * 1024, "the bomb itself fits the body limit");
        for (String route : new String[]{"single", "batch"}) {
            HttpResponse<String> refused = produce(port, topic, route, jwt, "application/json", bomb,
                    "Content-Encoding", "gzip");
            assertEquals(413, refused.statusCode(), refused.body());
            JsonNode reply = JSON.readTree(refused.body());
            assertFalse(reply.get("success").asBoolean());
            assertTrue(reply.get("error").asText().contains("once decompressed"), refused.body());
        }
        HttpResponse<String> corrupt = produce(port, topic, "single", jwt, "text/plain", "not gzip".getBytes(),
                "Content-Encoding", "gzip");
        assertEquals(400, corrupt.statusCode(), corrupt.body());
        HttpResponse<String> deflate = produce(port, topic, "single", jwt, "text/plain", "x".getBytes(),
                "Content-Encoding", "deflate");
        assertEquals(415, deflate.statusCode(), deflate.body());
        assertTrue(JSON.readTree(deflate.body()).get("error").asText().contains("Content-Encoding: gzip"));
        HttpResponse<String> form = produce(port, topic, "single", jwt, "application/x-www-form-urlencoded",
                "message=hello".getBytes());
        assertEquals(415, form.statusCode(), form.body());
        assertTrue(JSON.readTree(form.body()).get("error").asText().contains("application/octet-stream"));

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(4, landed.size());
        assertArrayEquals(json, landed.get(0).value());
        assertEquals("{\"line\":1}", new String(landed.get(1).value(), StandardCharsets.UTF_8));
        assertEquals("{\"line\":2}", new String(landed.get(2).value(), StandardCharsets.UTF_8));
        assertArrayEquals(atLimit, landed.get(3).value());
    }

    private static byte[] gzip(byte[] data) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void schemaFailuresAre400NamingTheProperties() throws Exception {
        String topic = "rest-validated";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        HttpResponse<String> invalid = produceJson(topic, "single", jwt, "{\"field1\": 1}");
        assertEquals(400, invalid.statusCode());
        String error = JSON.readTree(invalid.body()).get("error").asText();
        assertTrue(error.startsWith("Schema validation has failed: "), error);
        assertTrue(error.contains("field2") && error.contains("field3"), error);
        assertEquals(400, produce(port, topic, "single", jwt, "text/plain", "x".getBytes()).statusCode(),
                "a station with a JSON Schema takes JSON only");
        String valid = "{\"field1\": 1, \"field2\": 2, \"field3\": 3}";
        assertEquals(200, produceJson(topic, "single", jwt, valid).statusCode());

        String draft4 = "rest-draft4";
        cluster.connect.kafka().createTopic(draft4, 1);
        assertEquals(400, produceJson(draft4, "single", jwt, "{\"n\": 11}").statusCode());
        assertEquals(200, produceJson(draft4, "single", jwt, "{\"n\": 10}").statusCode());

        assertEquals(List.of(valid), cluster.landedInOrder(topic));
        assertEquals(1, cluster.consumeAll(draft4).size());
    }

    /** Issue 11: NDJSON, as ETL tools send it, is a batch of one record per line, each line judged on its own. */
    @Test
    void anNdjsonBatchWritesEachGoodLineAsSentAndSaysWhichLineFailed() throws Exception {
        String topic = "rest-ndjson";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        byte[] body = "{\"id\": 1}\r\n\n{\"id\": 2, \"broken\": \n[3, 4.50]\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> reply = produce(port, topic, "batch", jwt, "application/x-ndjson", body);
        assertEquals(400, reply.statusCode(), reply.body());
        JsonNode answer = JSON.readTree(reply.body());
        assertEquals(2, answer.get("sent").asInt());
        assertEquals(1, answer.get("fail").asInt());
        assertTrue(answer.get("errors").get(0).asText().startsWith("message 1: not valid JSON"), reply.body());
        assertEquals(List.of("{\"id\": 1}", "[3, 4.50]"), cluster.landedInOrder(topic));
        assertEquals(415, produce(port, topic, "single", jwt, "application/x-ndjson", "{}".getBytes()).statusCode());
    }

    @Test
    void aBatchWritesExactlyItsValidMessagesAndSaysWhichFailed() throws Exception {
        String topic = "rest-validated-batch";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        String first = "{\"field1\": 1.10, \"field2\": 12345678901234567890, \"field3\": 3}";
        String last = "{\"field3\": \"c\", \"field2\": \"b\", \"field1\": \"a\"}";
        HttpResponse<String> response = produceJson(topic, "batch", jwt,
                "[" + first + ", {\"field1\": 1}, " + last + "]");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertFalse(reply.get("success").asBoolean());
        assertEquals(2, reply.get("sent").asInt());
        assertEquals(1, reply.get("fail").asInt());
        assertEquals(1, reply.get("errors").size());
        assertTrue(reply.get("errors").get(0).asText().startsWith("message 1: Schema validation has failed"),
                reply.toString());
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(List.of(first, last), cluster.landedInOrder(topic), "numbers and order as sent");
        JsonNode results = reply.get("results");
        assertEquals(0, results.get(0).get("index").asInt());
        assertEquals(landed.get(0).offset(), results.get(0).get("offset").asLong());
        assertEquals(2, results.get(1).get("index").asInt());
        assertEquals(landed.get(1).offset(), results.get(1).get("offset").asLong());

        assertEquals(400, produceJson(topic, "batch", jwt, "{\"not\": \"an array\"}").statusCode());
        assertEquals(400, produceJson(topic, "batch", jwt, "[]").statusCode());
        assertEquals(413, produceJson(topic, "batch", jwt, "[" + "1,".repeat(50) + "1]").statusCode());
        assertEquals(2, cluster.consumeAll(topic).size());
    }

    @Test
    void headersForwardByAllowListButNeverCredentials() throws Exception {
        String topic = "rest-headers";
        cluster.connect.kafka().createTopic(topic, 1);
        String jwt = accessToken();
        HttpResponse<String> response = produce(port, topic, "single", jwt, "text/plain", "h".getBytes(),
                "X-Request-Id", "r-1", "X-Event-Type", "created", "X-Other", "not forwarded", "Cookie", "session=1");
        assertEquals(200, response.statusCode(), response.body());

        ConsumerRecord<byte[], byte[]> record = cluster.consumeAll(topic).get(0);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertEquals("r-1", headers.get("X-Request-Id"));
        assertEquals("created", headers.get("X-Event-Type"));
        assertEquals("root", headers.get("kgate-user"));
        assertNull(headers.get("X-Other"));
        assertNull(headers.get("Authorization"), "configured or not, Authorization never lands");
        assertNull(headers.get("Cookie"), "configured or not, Cookie never lands");
        assertEquals(3, headers.size(), headers.toString());
    }

    @Test
    void keysComeFromTheConfiguredPlace() throws Exception {
        String jwt = accessToken();
        for (String topic : List.of("rest-key-header", "rest-key-query", "rest-key-pointer", "rest-key-pointer-b")) {
            cluster.connect.kafka().createTopic(topic, 1);
        }
        assertEquals(200, produce(port, "rest-key-header", "single", jwt, "text/plain", "v".getBytes(),
                "X-Key", "from-header").statusCode());
        assertEquals(200, cluster.send(GatewayCluster.postRequest(port,
                "/stations/rest-key-query/produce/single?key=from-query", "text/plain", "v".getBytes())
                .header("Authorization", "Bearer " + jwt)).statusCode());
        assertEquals(200, produceJson("rest-key-pointer", "single", jwt,
                "{\"customer\": {\"id\": \"c-42\"}}").statusCode());
        assertEquals(200, produceJson("rest-key-pointer-b", "batch", jwt,
                "[{\"customer\": {\"id\": 7}}, {\"customer\": {}}]").statusCode());

        assertEquals("from-header", key(cluster.consumeAll("rest-key-header").get(0)));
        assertEquals("from-query", key(cluster.consumeAll("rest-key-query").get(0)));
        assertEquals("c-42", key(cluster.consumeAll("rest-key-pointer").get(0)));
        List<ConsumerRecord<byte[], byte[]>> batch = cluster.consumeAll("rest-key-pointer-b");
        assertEquals("7", key(batch.get(0)));
        assertNull(batch.get(1).key(), "no value at the pointer means no key");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> response = cluster.get(port, "/monitoring/status");
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"ok\"}", response.body());
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String unsigned(String header, String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
