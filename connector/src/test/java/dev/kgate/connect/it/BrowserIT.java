package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kgate.connect.convert.KafkaSerdeConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real browser on a page served from another origin than the gateway (Debian's Chromium through chromedriver,
 * driven by Selenium; {@code .ci/run} installs both). From the allowed origin the page logs in, posts with
 * {@code fetch} (a preflight, then the request with {@code Authorization: Bearer}), writes on {@code /socket/in} and
 * reads the message back on {@code /socket/out} with its token as a subprotocol, and the records are in Kafka. The
 * same page from another origin gets nothing through, even holding a valid token, and nothing is written.
 *
 * <p>Without Chromium this test fails, it does not skip ({@link HeadlessChromium}).
 */
@ExtendWith(SharedGatewayCluster.class)
class BrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SOCKET_WAIT_MS = 20_000;

    private static ChromeDriver browser;
    private static HttpServer allowedPages;
    private static HttpServer otherPages;
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        browser = HeadlessChromium.start(); // first: a missing browser fails at once, before a cluster is started for nothing
        allowedPages = servePage();
        otherPages = servePage();
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 1, "browser-.*"));
        props.put("out.topics.allowed.regex", "browser-.*");
        props.put("access.grants", "root=write:browser-*,root=read:browser-*,root=group:web-*");
        props.put("key.converter", KafkaSerdeConverter.class.getName());
        props.put("value.converter", KafkaSerdeConverter.class.getName());
        props.put("http.cors.allowed.origins", origin(allowedPages));
        cluster.startConnector("browser", props, 1);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (HttpServer pages : new HttpServer[]{allowedPages, otherPages}) {
            if (pages != null) {
                pages.stop(0);
            }
        }
    }

    /** The test page on a free loopback port of its own: each server is an origin of its own. */
    private static HttpServer servePage() throws IOException {
        byte[] page;
        try (InputStream in = BrowserIT.class.getResourceAsStream("browser-page.html")) {
            page = in.readAllBytes();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; OutputStream body = exchange.getResponseBody()) {
                if (!exchange.getRequestURI().getPath().equals("/")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                body.write(page);
            }
        });
        server.start();
        return server;
    }

    private static String origin(HttpServer pages) {
        return "http://127.0.0.1:" + pages.getAddress().getPort();
    }

    /** Loads the page from {@code pages}' origin, pointed at the gateway, with an empty console log. */
    private static void open(HttpServer pages) {
        browser.get(origin(pages) + "/?gateway=127.0.0.1:" + port);
        browser.manage().logs().get(LogType.BROWSER);
    }

    /**
     * Runs one of the page's functions, e.g. {@code login(arguments[0], arguments[1])}, and returns what it resolved
     * to, or {@code {"error": ...}} when the browser blocked it.
     */
    private static JsonNode run(String call, Object... args) throws IOException {
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];\n"
                + call + ".then(result => done(JSON.stringify(result)),"
                + " error => done(JSON.stringify({error: String(error)})));", args);
        return JSON.readTree((String) result);
    }

    private static Map<String, Object> frame(String value, String messageId) {
        return Map.of("value", Map.of("value", value, "format", "string"), "messageId", messageId);
    }

    @Test
    void aPageFromTheAllowedOriginLogsInPostsAndStreamsThroughTheGateway() throws Exception {
        String posted = "browser-posted";
        String streamed = "browser-streamed";
        cluster.connect.kafka().createTopic(posted, 1);
        cluster.connect.kafka().createTopic(streamed, 1);
        open(allowedPages);

        JsonNode login = run("login(arguments[0], arguments[1])", "root", "memphis");
        assertEquals(200, login.path("status").asInt(), login.toString());
        String token = login.get("body").get("jwt").asText();

        // A JSON body with Authorization: the browser sends a preflight first, then the post.
        JsonNode ack = run("post(arguments[0], arguments[1], arguments[2])", posted, token,
                Map.of("from", "the browser"));
        assertEquals(200, ack.path("status").asInt(), ack.toString());
        assertEquals(posted, ack.get("body").get("topic").asText());
        assertEquals(0, ack.get("body").get("offset").asLong());
        assertEquals(List.of("{\"from\":\"the browser\"}"), cluster.landedInOrder(posted));

        JsonNode in = run("socket(arguments[0], arguments[1], arguments[2], 1, arguments[3])",
                "/socket/in?clientId=web-writer&topic=" + streamed, token,
                List.of(frame("hello from a browser", "m-1")), SOCKET_WAIT_MS);
        assertTrue(in.get("opened").asBoolean(), in.toString());
        assertEquals("kgate", in.get("protocol").asText(), "the server selects kgate: the token is not echoed back");
        assertEquals(1, in.get("frames").size(), in.toString());
        JsonNode written = in.get("frames").get(0);
        assertEquals(streamed, written.path("topic").asText(), written.toString());
        assertEquals("m-1", written.path("messageId").asText());
        assertEquals(List.of("hello from a browser"), cluster.landedInOrder(streamed));

        JsonNode out = run("socket(arguments[0], arguments[1], [], 1, arguments[2])",
                "/socket/out?clientId=web-reader&topic=" + streamed, token, SOCKET_WAIT_MS);
        assertTrue(out.get("opened").asBoolean(), out.toString());
        assertEquals("kgate", out.get("protocol").asText());
        assertEquals(1, out.get("frames").size(), out.toString());
        JsonNode read = out.get("frames").get(0);
        assertEquals("hello from a browser", read.path("value").path("value").asText(), read.toString());
        assertEquals(written.get("partition").asInt(), read.get("partition").asInt());
        assertEquals(written.get("offset").asLong(), read.get("offset").asLong());
    }

    @Test
    void theSamePageFromAnotherOriginGetsNothingThroughEvenWithAValidToken() throws Exception {
        String topic = "browser-refused";
        cluster.connect.kafka().createTopic(topic, 1);
        // A token as a tool gets it (no Origin), handed to the other site's page: only the Origin stops it.
        HttpResponse<String> login = cluster.post(port, "/auth/authenticate", "application/json",
                "{\"username\":\"root\",\"connection_token\":\"memphis\"}");
        assertEquals(200, login.statusCode(), login.body());
        String token = JSON.readTree(login.body()).get("jwt").asText();
        open(otherPages);

        JsonNode refusedLogin = run("login(arguments[0], arguments[1])", "root", "memphis");
        assertTrue(refusedLogin.path("error").asText().startsWith("TypeError"), refusedLogin.toString());
        JsonNode refusedPost = run("post(arguments[0], arguments[1], arguments[2])", topic, token,
                Map.of("from", "another site"));
        assertTrue(refusedPost.path("error").asText().startsWith("TypeError"), refusedPost.toString());
        for (String path : List.of("/socket/in?clientId=web-writer&topic=" + topic,
                "/socket/out?clientId=web-reader&topic=" + topic)) {
            JsonNode socket = run("socket(arguments[0], arguments[1], arguments[2], 1, arguments[3])", path, token,
                    List.of(frame("from another site", "m-x")), SOCKET_WAIT_MS);
            assertFalse(socket.get("opened").asBoolean(), path + ": " + socket);
            assertEquals(1006, socket.get("closeCode").asInt(), path + ": " + socket);
        }

        // Chromium's console says why: preflights without Access-Control-Allow-Origin, handshakes answered 403.
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertEquals(2, console.stream().filter(line -> line.contains("blocked by CORS policy: Response to preflight"))
                .count(), String.join("\n", console));
        assertEquals(2, console.stream().filter(line -> line.contains("Error during WebSocket handshake")
                && line.endsWith("Unexpected response code: 403")).count(), String.join("\n", console));

        // Nothing of it was written: what lands after the refusals is all there is.
        HttpResponse<String> after = cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic),
                        "application/json", "\"after\"".getBytes(StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + token));
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(List.of("\"after\""), cluster.landedInOrder(topic));
    }
}
