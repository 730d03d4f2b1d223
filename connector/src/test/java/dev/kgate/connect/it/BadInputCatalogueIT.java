package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input catalogue: hundreds of inputs a hostile or careless client sends, over the REST produce routes, the
 * auth routes, {@code /socket/in} and {@code /socket/out}, against a real connector on a real broker. For every one:
 * the status or close code the API gives such input, in the API's own shape, no stack trace nor class name, and the
 * next normal request still served. At the end, nothing any of them sent is in Kafka.
 */
@ExtendWith(SharedGatewayCluster.class)
class BadInputCatalogueIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "catalogue-secret-catalogue-secret-0123456789";
    private static final String BASIC = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("root:memphis".getBytes(StandardCharsets.UTF_8));
    private static final long REQUEST_TIMEOUT_MS = 1_500;
    private static final int SEEDED_OUT_RECORDS = 3;
    /** Topics the catalogue aims at; none may hold a record at the end (but for the seeded ones). */
    private static final List<String> TARGETS = List.of("cat-plain", "cat-valid", "cat-socket", "cat-avro");

    private static GatewayCluster cluster;
    private static int port;
    private static String jwt;
    private static String refresh;
    private static int normalRequests;

    /** One bad input and its check. */
    private record BadInput(String name, Check check) {
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "cat-.*");
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "root:memphis");
        props.put("auth.jwt.secret", SECRET);
        props.put("out.topics.allowed.regex", "cat-out.*");
        props.put("batch.max.messages", "10");
        props.put("http.request.timeout.ms", String.valueOf(REQUEST_TIMEOUT_MS));
        props.put("stations.rules", "valid");
        props.put("stations.rule.valid.topics", "cat-valid");
        props.put("stations.rule.valid.schema", "{\"type\":\"object\",\"required\":[\"a\"],"
                + "\"properties\":{\"a\":{\"type\":\"integer\"},\"s\":{\"type\":\"string\",\"maxLength\":5}}}");
        for (String topic : TARGETS) {
            cluster.connect.kafka().createTopic(topic, 1);
        }
        cluster.connect.kafka().createTopic("cat-ok", 1);
        cluster.connect.kafka().createTopic("cat-out", 1);
        for (int i = 0; i < SEEDED_OUT_RECORDS; i++) {
            cluster.connect.kafka().produce("cat-out", "k" + i, "v" + i);
        }
        cluster.startConnector("catalogue", props, 1);
        JsonNode pair = JSON.readTree(RawExchange.send(port, RawExchange.request("POST", "/auth/authenticate",
                new String[]{"Content-Type: application/json"},
                utf8("{\"username\":\"root\",\"connection_token\":\"memphis\"}"), true), 10_000).body());
        jwt = pair.get("jwt").asText();
        refresh = pair.get("jwt_refresh_token").asText();
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedInTheApisShapeAndWritesNothing() {
        List<BadInput> inputs = new ArrayList<>();
        restSingle(inputs);
        restBatch(inputs);
        validatedStation(inputs);
        cloudEvents(inputs);
        tokens(inputs);
        authRoutes(inputs);
        socketInUpgrades(inputs);
        socketInFrames(inputs);
        socketInProtocol(inputs);
        socketOut(inputs);
        assertTrue(inputs.size() >= 300, "the catalogue holds " + inputs.size() + " inputs");
        assertEquals(inputs.size(), inputs.stream().map(BadInput::name).distinct().count(), "names are distinct");
        Stream<DynamicTest> each = inputs.stream().map(input -> DynamicTest.dynamicTest(input.name(), () -> {
            input.check().run();
            normalRequestIsServed();
        }));
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("nothing was written", () -> {
            for (String topic : TARGETS) {
                assertEquals(0, cluster.consumeAll(topic).size(), topic);
            }
            assertEquals(SEEDED_OUT_RECORDS, cluster.consumeAll("cat-out").size());
            assertEquals(normalRequests, cluster.consumeAll("cat-ok").size());
        })));
    }

    // ---- the inputs ----

    /** JSON that no parser may accept. */
    static final List<String> MALFORMED_JSON = List.of(
            "{", "}", "[", "]", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1,]", "[,1]", "{\"a\":1,}", "nul",
            "tru", "fals", "NaN", "Infinity", "-", "01", "1.", ".5", "1e", "+1", "\"unterminated", "\"bad \\x\"",
            "\"\\u12\"", "{\"a\":1}}", "[1]]", "{\"a\":1} {\"b\":2}", "1 2", "/* c */ 1", "// c\n1", "[1 2]",
            "{\"a\"}", "{:1}", "\"\t\"", "\u0000", "[\"a\" \"b\"]", "{\"a\":[}", "[{]", "0x10");

    /** Byte sequences that are not UTF-8, inside a JSON string. */
    static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[]{(byte) 0x80}, new byte[]{(byte) 0xbf}, new byte[]{(byte) 0xc0, (byte) 0xaf},
            new byte[]{(byte) 0xc3}, new byte[]{(byte) 0xe2, (byte) 0x82}, new byte[]{(byte) 0xed, (byte) 0xa0,
                    (byte) 0x80}, new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[]{(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[]{(byte) 0xfe}, new byte[]{(byte) 0xff, (byte) 0xfe});

    /** 64 MiB of zeros, gzip-compressed to about 64 KB: far over the body limit once inflated. */
    static final byte[] GZIP_BOMB = gzipZeros(64 * 1024 * 1024);

    static byte[] gzipZeros(int size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out, 64 * 1024)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int left = size; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static byte[] jsonStringWith(byte[] bad) {
        byte[] start = utf8("{\"a\":\"x");
        byte[] end = utf8("\"}");
        byte[] all = new byte[start.length + bad.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(bad, 0, all, start.length, bad.length);
        System.arraycopy(end, 0, all, start.length + bad.length, end.length);
        return all;
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static void restSingle(List<BadInput> inputs) {
        String single = "/stations/cat-plain/produce/single";
        for (String json : MALFORMED_JSON) {
            inputs.add(new BadInput("single: malformed JSON " + quoted(json),
                    () -> rest(post(single, "application/json", utf8(json)), 400)));
        }
        for (int i = 0; i < INVALID_UTF8.size(); i++) {
            byte[] body = jsonStringWith(INVALID_UTF8.get(i));
            inputs.add(new BadInput("single: invalid UTF-8 #" + i, () -> rest(post(single, "application/json", body),
                    400)));
        }
        for (int depth : new int[]{1_001, 5_000, 100_000}) {
            inputs.add(new BadInput("single: nested " + depth + " deep",
                    () -> rest(post(single, "application/json", utf8(nested(depth))), 400)));
        }
        inputs.add(new BadInput("single: a number of 5,000 digits",
                () -> rest(post(single, "application/json", utf8("1".repeat(5_000))), 400)));
        inputs.add(new BadInput("single: a raw NUL in JSON", () -> rest(post(single, "application/json",
                new byte[]{'{', '"', 'a', '"', ':', 0, '}'}), 400)));
        inputs.add(new BadInput("single: empty body", () -> rest(post(single, "text/plain", new byte[0]), 400)));
        for (String type : List.of("application/xml", "image/png", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "text", "nonsense", "application/", "/json",
                "application/javascript", "video/mp4")) {
            inputs.add(new BadInput("single: content type " + type,
                    () -> rest(post(single, type, utf8("{\"a\":1}")), 415)));
        }
        inputs.add(new BadInput("single: no content type",
                () -> rest(send("POST", single, new String[]{bearer()}, utf8("x")), 415)));
        for (String encoding : List.of("gzip", "x-gzip")) {
            inputs.add(new BadInput("single: content encoding " + encoding + " on a body that is not gzip",
                    () -> rest(send("POST", single, new String[]{bearer(), "Content-Type: text/plain",
                            "Content-Encoding: " + encoding}, utf8("x")), 400)));
        }
        inputs.add(new BadInput("single: a gzip bomb (64 MiB of zeros in 64 KB)", () -> rest(send("POST", single,
                new String[]{bearer(), "Content-Type: text/plain", "Content-Encoding: gzip"}, GZIP_BOMB), 413)));
        inputs.add(new BadInput("batch: a gzip bomb", () -> rest(send("POST", "/stations/cat-plain/produce/batch",
                new String[]{bearer(), "Content-Type: application/json", "Content-Encoding: gzip"}, GZIP_BOMB), 413)));
        for (String encoding : List.of("deflate", "br", "compress", "zstd", "gzip, identity", "gzip, gzip")) {
            inputs.add(new BadInput("single: content encoding " + encoding, () -> rest(send("POST", single,
                    new String[]{bearer(), "Content-Type: text/plain", "Content-Encoding: " + encoding},
                    utf8("x")), 415)));
        }
        inputs.add(new BadInput("single: declares 5 MiB", () -> rest(RawExchange.send(port,
                RawExchange.request("POST", single, new String[]{bearer(), "Content-Type: text/plain",
                        "Content-Length: " + 5 * 1024 * 1024}, null, false), 10_000), 413)));
        inputs.add(new BadInput("single: 1.1 MB, over the producer's limit",
                () -> rest(post(single, "text/plain", new byte[1_100_000]), 413)));
        inputs.add(new BadInput("single: 3 MB, between Undertow's and the body limit",
                () -> rest(post(single, "text/plain", new byte[3_000_000]), 413)));
        inputs.add(new BadInput("single: 3 MB of JSON that is not JSON",
                () -> rest(post(single, "application/json", new byte[3_000_000]), 400, 413)));
        inputs.add(new BadInput("single: chunked without end", () -> rest(RawExchange.send(port,
                chunkedForever(single), 20_000), 413)));
        inputs.add(new BadInput("single: body stops half way", () -> rest(RawExchange.send(port,
                RawExchange.request("POST", single, new String[]{bearer(), "Content-Type: text/plain",
                        "Content-Length: 100"}, utf8("only part"), false), 10_000), 408)));
        // Chunk framing lost mid-body: Undertow's parser closes the connection, there is no message boundary left.
        inputs.add(new BadInput("single: chunk size not hex", () -> framingLost(RawExchange.send(port,
                RawExchange.request("POST", single, new String[]{bearer(), "Content-Type: text/plain",
                        "Transfer-Encoding: chunked"}, utf8("zz\r\nabc\r\n0\r\n\r\n"), false), 10_000))));
        inputs.add(new BadInput("single: request line not HTTP", () -> rawStatus(RawExchange.send(port,
                utf8("POST /stations/cat-plain/produce/single HTTP/9.9\r\nHost: x\r\n\r\n"), 10_000), 505, 400, 401)));
        inputs.add(new BadInput("single: header without a colon", () -> rawStatus(RawExchange.send(port,
                utf8("POST /stations/cat-plain/produce/single HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n"), 10_000),
                400)));
        inputs.add(new BadInput("single: GET instead of POST",
                () -> rest(send("GET", single, new String[]{bearer()}, null), 405)));
        inputs.add(new BadInput("single: unknown route",
                () -> rest(send("POST", "/stations/cat-plain/produce/many", new String[]{bearer()}, utf8("x")), 404)));
        for (String station : List.of("..", ".", "%2e%2e", "a%2Fb", "cat%00plain", "cat-plain%20", "%20",
                "caf%C3%A9", "cat-" + "x".repeat(250), "not-allowed", "__consumer_offsets", "cat-plain%0d%0aX:%201",
                "%ff", "cat-plain;x", "cat*", "cat-missing", "-", "cat-plain%2F..%2Fcat-ok", "%E2%80%AE", "a%5Cb")) {
            inputs.add(new BadInput("single: station " + station, () -> rest(post("/stations/" + station
                    + "/produce/single", "text/plain", utf8("x")), 400, 403, 404)));
        }
    }

    private static void restBatch(List<BadInput> inputs) {
        String batch = "/stations/cat-plain/produce/batch";
        for (String json : MALFORMED_JSON) {
            inputs.add(new BadInput("batch: malformed JSON " + quoted(json),
                    () -> rest(post(batch, "application/json", utf8(json)), 400)));
        }
        for (String notArray : List.of("{\"a\":1}", "\"s\"", "1", "null", "true", "[]", " ", "[[]", "[1]x")) {
            inputs.add(new BadInput("batch: not a non-empty array " + quoted(notArray),
                    () -> rest(post(batch, "application/json", utf8(notArray)), 400)));
        }
        inputs.add(new BadInput("batch: eleven messages of ten allowed",
                () -> rest(post(batch, "application/json", utf8("[1,2,3,4,5,6,7,8,9,10,11]")), 413)));
        inputs.add(new BadInput("batch: text/plain", () -> rest(post(batch, "text/plain", utf8("[1]")), 415)));
        inputs.add(new BadInput("batch: nested 100000 deep",
                () -> rest(post(batch, "application/json", utf8("[" + nested(100_000) + "]")), 400)));
        for (int i = 0; i < INVALID_UTF8.size(); i++) {
            byte[] element = jsonStringWith(INVALID_UTF8.get(i));
            byte[] body = new byte[element.length + 2];
            body[0] = '[';
            System.arraycopy(element, 0, body, 1, element.length);
            body[body.length - 1] = ']';
            inputs.add(new BadInput("batch: invalid UTF-8 #" + i, () -> rest(post(batch, "application/json", body),
                    400)));
        }
    }

    private static void validatedStation(List<BadInput> inputs) {
        String valid = "/stations/cat-valid/produce/single";
        for (String json : List.of("{}", "{\"a\":\"1\"}", "{\"a\":1.5}", "{\"a\":null}", "[]", "\"a\"", "1",
                "{\"a\":1,\"s\":\"toolong\"}", "{\"a\":1.0e-5}", "{\"a\":[1]}",
                "{\"b\":1}", "{\"a\":true}")) {
            inputs.add(new BadInput("validated: " + quoted(json),
                    () -> rest(post(valid, "application/json", utf8(json)), 400)));
        }
        inputs.add(new BadInput("validated: text/plain body",
                () -> rest(post(valid, "text/plain", utf8("{\"a\":1}")), 400)));
        String validBatch = "/stations/cat-valid/produce/batch";
        for (String json : List.of("[{}]", "[{\"a\":\"x\"},{\"b\":2}]", "[1,2]", "[null]")) {
            inputs.add(new BadInput("validated batch: " + quoted(json),
                    () -> rest(post(validBatch, "application/json", utf8(json)), 400)));
        }
    }

    private static void tokens(List<BadInput> inputs) {
        String single = "/stations/cat-plain/produce/single";
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> badTokens = new java.util.LinkedHashMap<>();
        badTokens.put("none", null);
        badTokens.put("empty bearer", "");
        badTokens.put("garbage", "garbage");
        badTokens.put("two parts", "a.b");
        badTokens.put("bad base64", "!!!.???.***");
        badTokens.put("100 KB", "x".repeat(100_000));
        badTokens.put("refresh token", refreshPlaceholder());
        badTokens.put("alg none", unsigned("{\"alg\":\"none\"}", claims(now + 600, "access")));
        badTokens.put("other key", sign(claims(now + 600, "access"), "another-secret-another-secret-0123456789"));
        badTokens.put("expired", sign(claims(now - 600, "access"), SECRET));
        badTokens.put("exp 1e19", sign("{\"iss\":\"kgate\",\"sub\":\"root\",\"exp\":1e19,\"iat\":" + now
                + ",\"token_type\":\"access\"}", SECRET));
        badTokens.put("exp 9223372036854775807", sign("{\"iss\":\"kgate\",\"sub\":\"root\","
                + "\"exp\":9223372036854775807,\"token_type\":\"access\"}", SECRET));
        badTokens.put("exp a string", sign("{\"iss\":\"kgate\",\"sub\":\"root\",\"exp\":\"soon\","
                + "\"token_type\":\"access\"}", SECRET));
        badTokens.put("exp negative", sign(claims(-5, "access"), SECRET));
        badTokens.put("no exp", sign("{\"iss\":\"kgate\",\"sub\":\"root\",\"token_type\":\"access\"}", SECRET));
        badTokens.put("other issuer", sign("{\"iss\":\"evil\",\"sub\":\"root\",\"exp\":" + (now + 600)
                + ",\"token_type\":\"access\"}", SECRET));
        badTokens.put("no type", sign("{\"iss\":\"kgate\",\"sub\":\"root\",\"exp\":" + (now + 600) + "}", SECRET));
        badTokens.put("unknown type", sign(claims(now + 600, "admin"), SECRET));
        badTokens.put("nbf in the future", sign("{\"iss\":\"kgate\",\"sub\":\"root\",\"exp\":" + (now + 6000)
                + ",\"nbf\":" + (now + 3000) + ",\"token_type\":\"access\"}", SECRET));
        badTokens.put("payload not JSON", sign("not json", SECRET));
        for (Map.Entry<String, String> token : badTokens.entrySet()) {
            inputs.add(new BadInput("token: " + token.getKey(), () -> {
                String value = token.getValue() == null ? null
                        : token.getValue().equals("REFRESH") ? refresh : token.getValue();
                String[] headers = value == null ? new String[]{"Content-Type: text/plain"}
                        : new String[]{"Authorization: Bearer " + value, "Content-Type: text/plain"};
                rest(send("POST", single, headers, utf8("x")), 401);
            }));
        }
        inputs.add(new BadInput("token: Basic with a wrong password on a produce route", () -> rest(send("POST",
                single, new String[]{"Authorization: Basic " + Base64.getEncoder().encodeToString(
                        utf8("root:wrong")), "Content-Type: text/plain"}, utf8("x")), 401)));
        inputs.add(new BadInput("token: lowercase scheme with garbage", () -> rest(send("POST", single,
                new String[]{"Authorization: bearer x.y.z", "Content-Type: text/plain"}, utf8("x")), 401)));
    }

    private static String refreshPlaceholder() {
        return "REFRESH";
    }

    private static void authRoutes(List<BadInput> inputs) {
        for (String json : MALFORMED_JSON) {
            inputs.add(new BadInput("authenticate: malformed JSON " + quoted(json),
                    () -> message(post("/auth/authenticate", "application/json", utf8(json)), 400)));
        }
        for (String body : List.of("[]", "\"root\"", "1", "null", "{}", "{\"username\":\"root\"}",
                "{\"connection_token\":\"memphis\"}", "{\"username\":1,\"connection_token\":\"memphis\"}",
                "{\"username\":\"root\",\"connection_token\":[]}", "{\"username\":null,\"password\":\"memphis\"}",
                "{\"username\":\"root\",\"connection_token\":\"memphis\",\"token_expiry_in_minutes\":\"ten\"}",
                "{\"username\":\"root\",\"connection_token\":\"memphis\",\"token_expiry_in_minutes\":-1}",
                "{\"username\":\"root\",\"connection_token\":\"memphis\",\"token_expiry_in_minutes\":1e30}",
                "{\"username\":\"root\",\"connection_token\":\"memphis\","
                        + "\"refresh_token_expiry_in_minutes\":99999999999999999999}")) {
            inputs.add(new BadInput("authenticate: " + quoted(body),
                    () -> message(post("/auth/authenticate", "application/json", utf8(body)), 400)));
        }
        for (String body : List.of("{\"username\":\"root\",\"connection_token\":\"wrong\"}",
                "{\"username\":\"nobody\",\"connection_token\":\"memphis\"}",
                "{\"username\":\"root\",\"password\":\"x\"}", "{\"username\":\"ROOT\",\"connection_token\":\"memphis\"}",
                "{\"username\":\"root\\u0000\",\"connection_token\":\"memphis\"}")) {
            inputs.add(new BadInput("authenticate: wrong credentials " + quoted(body),
                    () -> message(post("/auth/authenticate", "application/json", utf8(body)), 401)));
        }
        inputs.add(new BadInput("authenticate: 100 KB body", () -> message(post("/auth/authenticate",
                "application/json", utf8("{\"username\":\"" + "r".repeat(100_000) + "\"}")), 400, 413)));
        for (String token : List.of("garbage", "a.b.c", "ACCESS")) {
            inputs.add(new BadInput("refresh: token " + token, () -> message(send("POST", "/auth/refreshToken",
                    new String[]{"Authorization: Bearer " + ("ACCESS".equals(token) ? jwt : token)}, utf8("")), 401)));
        }
        inputs.add(new BadInput("refresh: no token", () -> message(send("POST", "/auth/refreshToken",
                new String[]{"Content-Type: application/json"}, utf8("{}")), 401)));
        inputs.add(new BadInput("refresh: malformed body", () -> message(send("POST", "/auth/refreshToken",
                new String[]{"Content-Type: application/json"}, utf8("{\"jwt_refresh_token\":")), 400, 401)));
    }

    private static void socketInUpgrades(List<BadInput> inputs) {
        Map<String, Integer> queries = new java.util.LinkedHashMap<>();
        queries.put("topic=cat-socket", 400);
        queries.put("clientId=c", 400);
        queries.put("clientId=&topic=cat-socket", 400);
        queries.put("clientId=c&topic=cat-socket&clientId=d", 400);
        queries.put("clientId=c&topic=cat-socket&topic=cat-plain", 400);
        queries.put("clientId=c&topic=cat-socket&socketPayload=xml", 400);
        queries.put("clientId=c&topic=cat-socket&keyType=uuid", 400);
        queries.put("clientId=c&topic=cat-socket&valType=strin", 400);
        queries.put("clientId=c&topic=not-allowed", 403);
        queries.put("clientId=c&topic=cat-missing", 404);
        queries.put("clientId=c&topic=..", 400);
        queries.put("clientId=c&topic=cat%00x", 400);
        queries.put("clientId=c&topic=" + "c".repeat(300), 400);
        queries.put("clientId=c&topic=__consumer_offsets", 403);
        queries.put("clientId=c&topic=cat%2Fsocket", 400);
        for (Map.Entry<String, Integer> query : queries.entrySet()) {
            inputs.add(new BadInput("socket/in upgrade: " + query.getKey(), () -> message(upgrade("/socket/in?"
                    + query.getKey(), BASIC), query.getValue(), 400)));
        }
        String ok = "/socket/in?clientId=c&topic=cat-socket";
        inputs.add(new BadInput("socket/in upgrade: no credentials", () -> message(upgrade(ok), 401)));
        inputs.add(new BadInput("socket/in upgrade: wrong password", () -> message(upgrade(ok, "Authorization: Basic "
                + Base64.getEncoder().encodeToString(utf8("root:wrong"))), 401)));
        inputs.add(new BadInput("socket/in upgrade: Basic not base64", () -> message(upgrade(ok,
                "Authorization: Basic %%%"), 401)));
        inputs.add(new BadInput("socket/in upgrade: Basic without colon", () -> message(upgrade(ok,
                "Authorization: Basic " + Base64.getEncoder().encodeToString(utf8("root"))), 401)));
        inputs.add(new BadInput("socket/in upgrade: bearer garbage", () -> message(upgrade(ok,
                "Authorization: Bearer garbage"), 401)));
        inputs.add(new BadInput("socket/in upgrade: bearer subprotocol garbage", () -> message(upgrade(ok,
                "Sec-WebSocket-Protocol: kgate, bearer.garbage"), 401)));
    }

    /** Frames that parse as WebSocket frames but are not messages the socket's types allow. */
    private static void socketInFrames(List<BadInput> inputs) {
        for (String json : MALFORMED_JSON) {
            inputs.add(new BadInput("socket/in frame: malformed JSON " + quoted(json),
                    () -> invalidFrame("clientId=c&topic=cat-socket", json)));
        }
        Map<String, String> typed = new java.util.LinkedHashMap<>();
        typed.put("valType=int", "{\"value\":{\"value\":\"12\"}}");
        typed.put("valType=int&x=1", "{\"value\":{\"value\":2147483648}}");
        typed.put("valType=int&x=2", "{\"value\":{\"value\":1.5}}");
        typed.put("valType=long", "{\"value\":{\"value\":9223372036854775808}}");
        typed.put("valType=long&x=1", "{\"value\":{\"value\":1.5}}");
        typed.put("valType=long&x=2", "{\"value\":{\"value\":\"1\"}}");
        typed.put("valType=short", "{\"value\":{\"value\":40000}}");
        typed.put("valType=short&x=1", "{\"value\":{\"value\":-32769}}");
        typed.put("valType=float", "{\"value\":{\"value\":1e39}}");
        typed.put("valType=float&x=1", "{\"value\":{\"value\":\"NaN\"}}");
        typed.put("valType=double", "{\"value\":{\"value\":1e400}}");
        typed.put("valType=double&x=1", "{\"value\":{\"value\":true}}");
        typed.put("valType=bytearray", "{\"value\":{\"value\":\"not base64!\"}}");
        typed.put("valType=bytearray&x=1", "{\"value\":{\"value\":\"@@@@\"}}");
        typed.put("valType=json", "{\"value\":{\"value\":\"{unquoted\",\"format\":\"json\"}}");
        typed.put("valType=string", "{\"value\":{\"value\":\"a\",\"format\":\"int\"}}");
        typed.put("keyType=int", "{\"key\":{\"value\":\"k\"},\"value\":{\"value\":\"v\"}}");
        typed.put("keyType=string", "{\"key\":{\"value\":[1]},\"value\":{\"value\":\"v\"}}");
        typed.put("valType=string&x=1", "{\"value\":{\"value\":\"v\",\"format\":\"nonsense\"}}");
        typed.put("valType=string&x=2", "{\"headers\":[{\"key\":1}],\"value\":{\"value\":\"v\"}}");
        typed.put("valType=string&x=3", "{\"headers\":\"h\",\"value\":{\"value\":\"v\"}}");
        typed.put("valType=string&x=4", "{\"headers\":[{\"key\":\"user\",\"value\":\"root\"}],\"value\":{\"value\":\"v\"}}");
        typed.put("valType=string&x=5", "{\"messageId\":[],\"value\":{\"value\":\"v\"}}");
        typed.put("valType=string&x=6", "{\"key\":{\"value\":\"k\"}}");
        typed.put("valType=string&x=7", "{\"value\":\"bare\"}");
        typed.put("valType=string&x=8", "[]");
        typed.put("valType=string&x=9", "\"text\"");
        typed.put("valType=string&x=10", "{\"value\":{\"value\":\"" + "v".repeat(1_100_000) + "\"}}");
        for (Map.Entry<String, String> frame : typed.entrySet()) {
            inputs.add(new BadInput("socket/in frame: " + frame.getKey() + " " + quoted(frame.getValue()),
                    () -> invalidFrame("clientId=c&topic=cat-socket&" + frame.getKey().replaceAll("&x=\\d+", ""),
                            frame.getValue())));
        }
        inputs.add(new BadInput("socket/in frame: binary on a JSON socket",
                () -> closedWith("clientId=c&topic=cat-socket", 1003, socket -> socket.send(0x82, utf8("x"), true))));
        inputs.add(new BadInput("socket/in frame: text on an Avro socket", () -> closedWith(
                "clientId=c&topic=cat-avro&socketPayload=avro", 1003, socket -> socket.text("{}"))));
        for (int i = 0; i < 6; i++) {
            byte[] garbage = new byte[]{(byte) (i * 37), 2, (byte) 0xff, 7, (byte) i};
            inputs.add(new BadInput("socket/in frame: Avro garbage #" + i, () -> invalidFrame(
                    "clientId=c&topic=cat-avro&socketPayload=avro", socket -> socket.send(0x82, garbage, true))));
        }
    }

    /** Frames that break RFC 6455: each closes the socket with the code the RFC names. */
    private static void socketInProtocol(List<BadInput> inputs) {
        String query = "clientId=c&topic=cat-socket";
        for (int i = 0; i < INVALID_UTF8.size(); i++) {
            byte[] bad = jsonStringWith(INVALID_UTF8.get(i));
            inputs.add(new BadInput("socket/in protocol: text not UTF-8 #" + i,
                    () -> closedWith(query, 1007, socket -> socket.send(0x81, bad, true))));
        }
        inputs.add(new BadInput("socket/in protocol: unmasked frame",
                () -> closedWith(query, 1002, socket -> socket.send(0x81, utf8("{}"), false))));
        for (int rsv : new int[]{0x40, 0x20, 0x10}) {
            inputs.add(new BadInput("socket/in protocol: reserved bit " + Integer.toHexString(rsv),
                    () -> closedWith(query, 1002, socket -> socket.send(0x81 | rsv, utf8("{}"), true))));
        }
        for (int opcode : new int[]{3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            inputs.add(new BadInput("socket/in protocol: opcode " + opcode,
                    () -> closedWith(query, 1002, socket -> socket.send(0x80 | opcode, utf8("x"), true))));
        }
        inputs.add(new BadInput("socket/in protocol: ping of 126 bytes",
                () -> closedWith(query, 1002, socket -> socket.send(0x89, new byte[126], true))));
        inputs.add(new BadInput("socket/in protocol: fragmented ping",
                () -> closedWith(query, 1002, socket -> socket.send(0x09, utf8("p"), true))));
        inputs.add(new BadInput("socket/in protocol: continuation without a start",
                () -> closedWith(query, 1002, socket -> socket.send(0x80, utf8("x"), true))));
        inputs.add(new BadInput("socket/in protocol: new message inside a fragmented one", () -> closedWith(query, 1002,
                socket -> {
                    socket.send(0x01, utf8("{\"va"), true);
                    socket.send(0x81, utf8("{}"), true);
                })));
        inputs.add(new BadInput("socket/in protocol: a frame over the message limit", () -> closedWith(query, 1009,
                socket -> socket.raw(new byte[]{(byte) 0x81, (byte) 0xff, 0, 0, 0, 0, 0x7f, 0, 0, 0}))));
        inputs.add(new BadInput("socket/in protocol: fragments over the message limit", () -> closedWith(query, 1009,
                socket -> {
                    socket.send(0x01, new byte[3 * 1024 * 1024], true);
                    socket.send(0x80, new byte[2 * 1024 * 1024], true);
                })));
        inputs.add(new BadInput("socket/in protocol: a 64-bit length with the top bit set", () -> closedWith(query,
                1009, socket -> socket.raw(new byte[]{(byte) 0x81, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1}))));
    }

    private static void socketOut(List<BadInput> inputs) {
        Map<String, Integer> queries = new java.util.LinkedHashMap<>();
        queries.put("topic=cat-out", 400);
        queries.put("clientId=r", 400);
        queries.put("clientId=r&topic=cat-out&batchSize=1073741824", 400);
        queries.put("clientId=r&topic=cat-out&batchSize=2147483648", 400);
        queries.put("clientId=r&topic=cat-out&batchSize=-1", 400);
        queries.put("clientId=r&topic=cat-out&batchSize=ten", 400);
        queries.put("clientId=r&topic=cat-out&rate=0", 400);
        queries.put("clientId=r&topic=cat-out&rate=-5", 400);
        queries.put("clientId=r&topic=cat-out&rate=1e9", 400);
        queries.put("clientId=r&topic=cat-out&offsetResetStrategy=middle", 400);
        queries.put("clientId=r&topic=cat-out&autoCommit=maybe", 400);
        queries.put("clientId=r&topic=cat-out&keyType=uuid", 400);
        queries.put("clientId=r&topic=cat-plain", 403);
        queries.put("clientId=r&topic=cat-out-missing", 404);
        queries.put("clientId=r&topic=..", 400);
        for (Map.Entry<String, Integer> query : queries.entrySet()) {
            inputs.add(new BadInput("socket/out upgrade: " + query.getKey(), () -> message(upgrade("/socket/out?"
                    + query.getKey(), BASIC), query.getValue(), 400)));
        }
        inputs.add(new BadInput("socket/out upgrade: no credentials",
                () -> message(upgrade("/socket/out?clientId=r&topic=cat-out"), 401)));
        for (String commit : List.of("{", "[]", "{}", "{\"wsProxyMessageId\":1}", "{\"wsProxyMessageId\":\"x\"}",
                "{\"wsProxyMessageId\":\"cat-out-0\"}", "{\"wsProxyMessageId\":\"cat-out-a-b-c\"}",
                "{\"wsProxyMessageId\":\"cat-out-0-99999999999999999999-1\"}",
                "{\"wsProxyMessageId\":\"other-0-0-1\"}", "{\"wsProxyMessageId\":\"cat-out-7-0-1\"}")) {
            inputs.add(new BadInput("socket/out commit: " + quoted(commit), () -> {
                try (RawWebSocket socket = RawWebSocket.open(port, "/socket/out?clientId=commits&topic=cat-out"
                        + "&autoCommit=false&offsetResetStrategy=latest", BASIC)) {
                    socket.text(commit);
                    RawWebSocket.Frame frame = socket.read();
                    assertEquals(1, frame.opcode(), "an error frame: " + frame.text());
                    noLeak(frame.text());
                    assertTrue(JSON.readTree(frame.text()).hasNonNull("error"), frame.text());
                }
            }));
        }
    }

    // ---- probes ----

    private static RawExchange.Answer post(String path, String contentType, byte[] body) throws IOException {
        return send("POST", path, new String[]{bearer(), "Content-Type: " + contentType}, body);
    }

    private static RawExchange.Answer send(String method, String path, String[] headers, byte[] body)
            throws IOException {
        return RawExchange.send(port, RawExchange.request(method, path, headers, body, body != null), 20_000);
    }

    private static String bearer() {
        return "Authorization: Bearer " + jwt;
    }

    private static byte[] chunkedForever(String path) {
        byte[] head = RawExchange.request("POST", path, new String[]{bearer(), "Content-Type: text/plain",
                "Transfer-Encoding: chunked"}, null, false);
        byte[] chunk = ("10000\r\n" + "y".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int chunks = 6 * 1024 * 1024 / chunk.length;
        byte[] all = new byte[head.length + chunks * chunk.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < chunks; i++) {
            System.arraycopy(chunk, 0, all, head.length + i * chunk.length, chunk.length);
        }
        return all;
    }

    private static RawExchange.Answer upgrade(String target, String... headers) throws IOException {
        return RawExchange.send(port, RawExchange.request("GET", target, RawWebSocket.upgradeHeaders(headers), null,
                false), 10_000);
    }

    @FunctionalInterface
    private interface SocketAction {
        void on(RawWebSocket socket) throws IOException;
    }

    /** The frame is answered with an INVALID error frame, and the socket stays open for the next message. */
    private static void invalidFrame(String query, String text) throws Exception {
        invalidFrame(query, socket -> socket.text(text));
    }

    private static void invalidFrame(String query, SocketAction action) throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/socket/in?" + query, BASIC)) {
            action.on(socket);
            RawWebSocket.Frame frame = socket.read();
            String answer = frame.opcode() == 2 ? "(binary Avro result)" : frame.text();
            assertTrue(frame.opcode() == 1 || frame.opcode() == 2, "an answer frame, not " + frame.opcode() + ": "
                    + answer);
            if (frame.opcode() == 1) {
                noLeak(answer);
                JsonNode error = JSON.readTree(answer);
                assertEquals("INVALID", error.path("outcome").asText(), answer);
                assertFalse(error.path("error").asText().isEmpty(), answer);
            }
        }
    }

    private static void cloudEvents(List<BadInput> inputs) {
        String single = "/stations/cat-plain/produce/single";
        String required = "\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"";
        List<String> events = new ArrayList<>(MALFORMED_JSON);
        events.addAll(List.of("[]", "[{" + required + "}]", "\"event\"", "{}",
                "{" + required.replace("1.0", "0.3") + "}",
                "{" + required + ",\"data\":1,\"data_base64\":\"AA==\"}", "{" + required + ",\"time\":\"now\"}",
                "{" + required + ",\"source\":\"x\"}", "{" + required.replace("\"/s\"", "\"a b\"") + "}",
                "{" + required + ",\"Ext\":1}", "{" + required + ",\"ext\":1.5}", "{" + required + ",\"ext\":{}}",
                "{" + required + ",\"ext\":99999999999}", "{" + required + ",\"data_base64\":\"!!\"}",
                "{" + required + ",\"datacontenttype\":\"text/plain\",\"data\":[1]}",
                "{" + required.replace("\"1\"", "\"\"") + "}", "{" + required + ",\"data\":" + nested(5_000) + "}"));
        for (String event : events) {
            inputs.add(new BadInput("cloudevent: " + quoted(event),
                    () -> rest(post(single, "application/cloudevents+json", utf8(event)), 400)));
        }
        inputs.add(new BadInput("cloudevents batch: every event invalid", () -> rest(post(
                "/stations/cat-plain/produce/batch", "application/cloudevents-batch+json",
                utf8("[{},{\"specversion\":\"2\"},1,[]]")), 400)));
        String[][] binaries = {
                {"ce-specversion: 1.0"},
                {"ce-specversion: 9.9", "ce-id: 1", "ce-source: /s", "ce-type: t"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "ce-datacontenttype: a/b"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "ce-id: 2"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "ce-bad-name: x"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "ce-subject: 100%"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "ce-time: noon"},
                {"ce-specversion: 1.0", "ce-id: 1", "ce-source: /s", "ce-type: t", "Content-Type: application/json"}};
        for (String[] headers : binaries) {
            inputs.add(new BadInput("cloudevent in binary mode: " + String.join(", ", headers),
                    () -> rest(send("POST", single, withBearer(headers), utf8("{not json")), 400)));
        }
        inputs.add(new BadInput("cloudevents batch on the single route", () -> rest(post(single,
                "application/cloudevents-batch+json", utf8("[]")), 415)));
        inputs.add(new BadInput("a cloudevent on the batch route", () -> rest(post(
                "/stations/cat-plain/produce/batch", "application/cloudevents+json", utf8("{}")), 415)));
        inputs.add(new BadInput("cloudevent on a schema station, data not JSON", () -> rest(post(
                "/stations/cat-valid/produce/single", "application/cloudevents+json", utf8("{" + required
                        + ",\"datacontenttype\":\"text/plain\",\"data\":\"x\"}")), 400)));
        inputs.add(new BadInput("cloudevent on a schema station, data failing it", () -> rest(post(
                "/stations/cat-valid/produce/single", "application/cloudevents+json", utf8("{" + required
                        + ",\"data\":{\"a\":\"x\"}}")), 400)));
    }

    private static String[] withBearer(String[] headers) {
        String[] all = new String[headers.length + 1];
        all[0] = bearer();
        System.arraycopy(headers, 0, all, 1, headers.length);
        return all;
    }

    private static void closedWith(String query, int code, SocketAction action) throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/socket/in?" + query, BASIC)) {
            action.on(socket);
            assertEquals(code, socket.closeCode());
        }
    }

    // ---- checks ----

    /** The REST gateway's error shape, {@code {"success":false,"error":"..."}}, with one of the statuses. */
    private static void rest(RawExchange.Answer answer, int... statuses) throws IOException {
        statusIn(answer, statuses);
        JsonNode body = JSON.readTree(answer.body());
        assertFalse(body.path("success").asBoolean(true), answer.body());
        assertFalse(body.path("error").asText().isEmpty(), answer.body());
        noLeak(answer.body());
    }

    /** The auth routes' and upgrade refusals' shape, {@code {"message":"..."}}. */
    private static void message(RawExchange.Answer answer, int... statuses) throws IOException {
        statusIn(answer, statuses);
        JsonNode body = JSON.readTree(answer.body());
        assertFalse(body.path("message").asText().isEmpty(), answer.body());
        noLeak(answer.body());
    }

    /** Refused by the HTTP parser before any route: a status is all there is. */
    private static void rawStatus(RawExchange.Answer answer, int... statuses) {
        statusIn(answer, statuses);
        noLeak(answer.body());
    }

    /** The request's framing broke: a 400, or the connection closed, and never a success. */
    private static void framingLost(RawExchange.Answer answer) {
        statusIn(answer, 400, -1);
        noLeak(answer.body());
    }

    private static void statusIn(RawExchange.Answer answer, int... statuses) {
        for (int status : statuses) {
            if (answer.status() == status) {
                return;
            }
        }
        fail("expected one of " + java.util.Arrays.toString(statuses) + ", got " + answer.status() + ": "
                + answer.head() + "\n" + abbreviated(answer.body()));
    }

    private static final Set<String> LEAKS = Set.of("exception", "com.fasterxml", "java.", "dev.kgate", "jackson",
            "\tat ", "org.apache", "io.undertow", "()");

    private static void noLeak(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertFalse(lower.contains(leak), "leaks '" + leak + "': " + abbreviated(text));
        }
    }

    private static void normalRequestIsServed() throws IOException {
        RawExchange.Answer answer = RawExchange.send(port, RawExchange.request("POST",
                "/stations/cat-ok/produce/single", new String[]{bearer(), "Content-Type: text/plain"},
                utf8("normal"), true), 20_000);
        assertEquals(200, answer.status(), "the next normal request: " + answer.head() + "\n" + answer.body());
        normalRequests++;
    }

    // ---- tokens ----

    private static String claims(long exp, String type) {
        return "{\"iss\":\"kgate\",\"sub\":\"root\",\"exp\":" + exp + ",\"token_type\":\"" + type + "\"}";
    }

    private static String sign(String payload, String secret) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(payload);
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String header, String payload) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString(utf8(header)) + "." + url.encodeToString(utf8(payload)) + ".";
    }

    // ---- text ----

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return "'" + URLEncoder.encode(shown, StandardCharsets.UTF_8) + "'";
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
