package dev.kgate.http.console;

import dev.kgate.http.Gateway;
import dev.kgate.http.apidocs.ApiDocuments;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console on a real listener (no Kafka): its files with their types, caching and security headers; nothing
 * loaded from elsewhere; 404 where it is off; and requests from its own origin let in while other origins are
 * still refused.
 */
class ConsoleOverHttpTest {

    private static final String ALLOWED_ORIGIN = "http://allowed.example";
    private static final Map<String, String> FILES = Map.of(
            "/console/", "text/html; charset=utf-8",
            "/console/app.js", "text/javascript; charset=utf-8",
            "/console/style.css", "text/css; charset=utf-8",
            "/console/settings.json", "application/json");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Gateway console;
    private static Gateway noConsole;
    private static ListenerRegistry.Membership consoleListener;
    private static ListenerRegistry.Membership noConsoleListener;
    private static int port;
    private static int noConsolePort;

    @BeforeAll
    static void start() {
        console = ApiDocuments.everyRoute(CorsPolicy.builder().allowedOrigins(List.of(ALLOWED_ORIGIN)).build());
        port = TestGateways.freePort();
        consoleListener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "console-" + port,
                console.handler());
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        noConsole = TestGateways.openGateway(new IngestSettings(new TopicPolicy(Set.of("t"), null),
                new TopicExistence(kafka, true), new StationRules(List.of()), HeaderForwarding.none(), 1024, 10,
                30_000, 1), kafka, new TestGateways.AckingSink());
        noConsolePort = TestGateways.freePort();
        noConsoleListener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", noConsolePort, null, 1),
                "no-console-" + noConsolePort, noConsole.handler());
    }

    @AfterAll
    static void stop() {
        consoleListener.close();
        noConsoleListener.close();
        console.close();
        noConsole.close();
    }

    @Test
    void theFilesAreServedWithTheirTypesCachingAndSecurityHeaders() throws Exception {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            String path = file.getKey();
            HttpResponse<String> answer = send(port, "GET", path);
            assertEquals(200, answer.statusCode(), path);
            assertEquals(file.getValue(), header(answer, "Content-Type"), path);
            assertEquals("no-cache", header(answer, "Cache-Control"), path);
            assertEquals(PageHeaders.CONTENT_SECURITY_POLICY, header(answer, "Content-Security-Policy"), path);
            assertEquals("nosniff", header(answer, "X-Content-Type-Options"), path);
            assertEquals("no-referrer", header(answer, "Referrer-Policy"), path);
            assertEquals("DENY", header(answer, "X-Frame-Options"), path);
            assertTrue(header(answer, "Content-Security-Policy").contains("frame-ancestors 'none'"));

            String etag = header(answer, "ETag");
            HttpResponse<String> current = send(port, "GET", path, "If-None-Match", etag);
            assertEquals(304, current.statusCode(), path);
            assertEquals("", current.body());
            assertEquals(405, send(port, "POST", path).statusCode(), "GET only: " + path);
        }
        assertEquals("{\"login\":true}", send(port, "GET", "/console/settings.json").body(), "users are on");
        assertEquals(resource("index.html"), send(port, "GET", "/console/").body());
    }

    @Test
    void consoleWithoutTheSlashLeadsToThePage() throws Exception {
        HttpResponse<String> answer = send(port, "GET", "/console");
        assertEquals(302, answer.statusCode());
        assertEquals("console/", header(answer, "Location"), "relative: it holds behind a proxy's path prefix");
    }

    @Test
    void thePageLoadsNothingFromElsewhere() throws Exception {
        Set<String> references = new TreeSet<>();
        Matcher attributes = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(resource("index.html"));
        while (attributes.find()) {
            references.add(attributes.group(1));
        }
        assertEquals(Set.of("app.js", "style.css", "data:,"), references,
                "only its own files, by relative paths, and an empty icon");
        for (String file : List.of("index.html", "app.js", "style.css")) {
            String text = resource(file);
            assertFalse(text.contains("http://") || text.contains("https://") || text.contains("@import"), file);
        }
        String script = resource("app.js");
        assertFalse(script.contains("localStorage") || script.contains("sessionStorage")
                || script.contains("document.cookie") || script.contains("innerHTML"), "token in memory, text only");
    }

    @Test
    void withTheConsoleOffItsPathsAreUnknown() throws Exception {
        for (String path : List.of("/console", "/console/", "/console/app.js", "/console/settings.json")) {
            assertEquals(404, send(noConsolePort, "GET", path).statusCode(), path);
        }
    }

    @Test
    void thePagesOwnOriginIsLetInAndOthersAreStillRefused() throws Exception {
        String own = "http://127.0.0.1:" + port;
        HttpResponse<String> fromPage = send(port, "GET", "/healthcheck", "Origin", own);
        assertEquals(200, fromPage.statusCode(), fromPage.body());
        assertTrue(fromPage.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "same-origin: no CORS");
        // Past the Origin step, the routes guard as always: a login without credentials, a socket without a token.
        assertEquals(400, send(port, "POST", "/auth/authenticate", "Origin", own).statusCode());
        assertEquals(401, send(port, "GET", "/socket/out?clientId=c&topic=t", "Origin", own).statusCode());

        assertEquals(403, send(port, "GET", "/healthcheck", "Origin", "http://127.0.0.1:" + noConsolePort)
                .statusCode(), "another port is another origin");
        assertEquals(403, send(port, "GET", "/healthcheck", "Origin", "https://127.0.0.1:" + port).statusCode(),
                "another scheme is another origin");
        assertEquals(403, send(port, "GET", "/healthcheck", "Origin", "http://elsewhere.example").statusCode());
        assertEquals(ALLOWED_ORIGIN, header(send(port, "GET", "/healthcheck", "Origin", ALLOWED_ORIGIN),
                "Access-Control-Allow-Origin"), "the configured origins still work");

        assertEquals(403, send(noConsolePort, "GET", "/healthcheck", "Origin", "http://127.0.0.1:" + noConsolePort)
                .statusCode(), "without the console, the own origin is an origin like any other");
    }

    private static String header(HttpResponse<?> answer, String name) {
        return answer.headers().firstValue(name).orElse(null);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
