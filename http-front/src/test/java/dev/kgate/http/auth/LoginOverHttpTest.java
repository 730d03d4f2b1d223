package dev.kgate.http.auth;

import dev.kgate.http.testing.TestGateways;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.TopicReaders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logging in over a real listener: an unknown user costs what a wrong secret costs; a flood of bad logins from many
 * connections neither keeps a real login out nor gets anything but 401, 429 or 503 in the auth shape; an address
 * past its failed logins gets 429 on every route that checks a secret; and a correctly signed token with hostile
 * dates is a 401 on every route that takes a token, never a 500.
 */
class LoginOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Nothing but the limits under test stops a login. */
    private static final LoginLimits UNLIMITED = new LoginLimits(2, 64, 1_000_000, 60_000, 1);

    /** A gateway with these users and limits, alone on a listener of its own, acknowledging every message. */
    private static final class Running implements AutoCloseable {
        final int port;
        final Gateway gateway;
        final ListenerRegistry.Membership listener;

        Running(Map<String, Credential> users, LoginLimits limits) throws IOException {
            KafkaView kafka = new TestGateways.ExistingTopics();
            MessageSink sink = new TestGateways.AckingSink();
            IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null),
                    new TopicExistence(kafka, true), new StationRules(List.of()), HeaderForwarding.none(), 1024, 10,
                    30_000, 1);
            AuthSettings auth = new AuthSettings(new UserStore(users),
                    new TokenService(TokenServiceTest.SECRET, "kgate"), Duration.ofMinutes(15), Duration.ofHours(24),
                    Duration.ofHours(5), Duration.ofDays(7), false, limits);
            gateway = Gateway.create(new GatewaySettings(ingest, auth, TestGateways.everyoneMay(false), kafka, 100,
                    InSocketSettings.BytesOnly.NEITHER, new TopicPolicy(Set.of(), null), (parameters, caller) -> {
                        throw new TopicReaders.Refusal(403, "no reading here");
                    }), sink);
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "login-" + port,
                    gateway.handler());
        }

        HttpConnection connect(String localAddress) throws IOException {
            return new HttpConnection(localAddress, port);
        }

        /** After a 101: the socket is started before the listener may close under it. */
        void awaitOpenSockets(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (gateway.openSockets() < count && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(count, gateway.openSockets());
        }

        @Override
        public void close() {
            listener.close();
            gateway.close();
        }
    }

    private static String login(String user, String secret) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + secret + "\"}";
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The request that opens a {@code /socket/in} WebSocket, with these extra headers. */
    private static HttpConnection.Response openSocket(HttpConnection client, String... headers) throws IOException {
        List<String> all = new ArrayList<>(List.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"));
        all.addAll(List.of(headers));
        return client.send("GET", "/socket/in?clientId=c&topic=t", null, all.toArray(String[]::new));
    }

    /** The auth routes' and upgrade refusals' shape: a JSON object with a message, and no Java in it. */
    private static String messageOf(HttpConnection.Response response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body != null && body.isObject() && body.get("message").isTextual(), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("java."), response.body());
        return body.get("message").asText();
    }

    private static void assertRetryLater(HttpConnection.Response response, int status) throws IOException {
        assertEquals(status, response.status(), response.body());
        int retryAfter = Integer.parseInt(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        messageOf(response);
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Median times of a refused login for each user, taken in turns over one connection so that drift in the
     * machine's speed falls on all of them alike.
     */
    private static Map<String, Long> refusedLoginMedians(Running gateway, List<String> users) throws IOException {
        Map<String, List<Long>> samples = new TreeMap<>();
        try (HttpConnection client = gateway.connect("127.0.0.1")) {
            for (int round = -5; round < 21; round++) {
                for (int i = 0; i < users.size(); i++) {
                    String user = users.get(Math.floorMod(i + round, users.size()));
                    long start = System.nanoTime();
                    HttpConnection.Response response = client.post("/auth/authenticate",
                            login(user, "wrong-" + round));
                    long took = System.nanoTime() - start;
                    assertEquals(401, response.status(), response.body());
                    if (round >= 0) {
                        samples.computeIfAbsent(user, u -> new ArrayList<>()).add(took);
                    }
                }
            }
        }
        Map<String, Long> medians = new TreeMap<>();
        samples.forEach((user, times) -> medians.put(user, median(times)));
        return medians;
    }

    /** Each user's median within 0.5x..2x of the unknown user's: the time says nothing about who exists. */
    private static void assertSameCost(String configuration, Map<String, Credential> users) throws IOException {
        try (Running gateway = new Running(users, UNLIMITED)) {
            List<String> names = new ArrayList<>(new TreeMap<>(users).keySet());
            names.add("nobody");
            Map<String, Long> medians = refusedLoginMedians(gateway, names);
            long unknown = medians.get("nobody");
            System.out.printf("login timing, %s: median µs per refused login %s%n", configuration,
                    medians.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() / 1_000).toList());
            for (String user : users.keySet()) {
                double ratio = (double) unknown / medians.get(user);
                assertTrue(ratio >= 0.5 && ratio <= 2.0, configuration + ": an unknown user takes " + ratio
                        + "x as long as " + user + " with a wrong secret " + medians);
            }
        }
    }

    @Test
    void anUnknownUserCostsWhatAWrongSecretCostsWithHashedSecrets() throws Exception {
        assertSameCost("hashed", Map.of("root", Credential.parse(Credential.hash("memphis".toCharArray(), 20_000))));
    }

    @Test
    void anUnknownUserCostsWhatAWrongSecretCostsWithPlainSecrets() throws Exception {
        assertSameCost("plain", Map.of("root", Credential.parse("memphis"),
                "a-much-longer-user-name", Credential.parse("a much longer plain secret than the other one")));
    }

    @Test
    void anUnknownUserCostsWhatAWrongSecretCostsWithPlainAndHashedSecretsMixed() throws Exception {
        assertSameCost("mixed", Map.of("root", Credential.parse("memphis"),
                "alice", Credential.parse(Credential.hash("wonderland".toCharArray(), 20_000)),
                "bob", Credential.parse(Credential.hash("builder".toCharArray(), 5_000))));
    }

    @Test
    void aLoginFloodFromOneAddressNeitherKeepsARealLoginOutNorGetsAnythingButTheAuthShape() throws Exception {
        flood(128, 1);
    }

    @Test
    void aLoginFloodFromSeveralAddressesNeitherKeepsARealLoginOutNorGetsAnythingButTheAuthShape() throws Exception {
        flood(128, 4);
    }

    /**
     * Bad logins from {@code connections} connections spread over {@code addresses} addresses, as fast as they are
     * answered, with the gateway's default limits and iterations; meanwhile a real user logs in from another address.
     * The flooders get only 401, 429 or 503 in the auth shape, the real login gets its tokens.
     */
    private static void flood(int connections, int addresses) throws Exception {
        Map<String, Credential> users = Map.of("root",
                Credential.parse(Credential.hash("memphis".toCharArray(), Credential.DEFAULT_ITERATIONS)));
        ExecutorService flooders = Executors.newFixedThreadPool(connections);
        try (Running gateway = new Running(users, LoginLimits.DEFAULTS)) {
            long quietMs = realLoginMillis(gateway);
            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger answered = new AtomicInteger();
            for (int c = 0; c < connections; c++) {
                String from = "127.0.1." + (c % addresses + 1);
                int flooder = c;
                flooders.execute(() -> {
                    try (HttpConnection client = gateway.connect(from)) {
                        for (int n = 0; !stop.get(); n++) {
                            HttpConnection.Response response = client.post("/auth/authenticate",
                                    login(n % 2 == 0 ? "root" : "user" + flooder, "guess-" + flooder + "-" + n));
                            statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                            answered.incrementAndGet();
                            if (response.status() == 401) {
                                messageOf(response);
                            } else if (response.status() == 429 || response.status() == 503) {
                                assertRetryLater(response, response.status());
                            } else {
                                wrong.add(response.status() + " " + response.body());
                            }
                        }
                    } catch (IOException | RuntimeException | AssertionError e) {
                        if (!stop.get()) {
                            wrong.add(e.toString());
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // The flood is on and the queue is full: a real user logs in, retrying after Retry-After as asked.
            long start = System.nanoTime();
            int attempts = 0;
            HttpConnection.Response real;
            try (HttpConnection client = gateway.connect("127.0.0.1")) {
                do {
                    attempts++;
                    real = client.post("/auth/authenticate", login("root", "memphis"));
                    if (real.status() == 503) {
                        assertRetryLater(real, 503);
                        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(real.header("Retry-After"))));
                    }
                } while (real.status() == 503 && System.nanoTime() < deadline);
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            while (!statuses.containsKey(429) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // Once the flooding addresses are refused, the flood costs no hashing: a login is served as usual.
            long laterMs = realLoginMillis(gateway);
            stop.set(true);
            System.out.printf("login flood: %d connections from %d address(es), answers %s; the real login answered"
                    + " %d after %d ms and %d attempt(s) in the first burst, in %d ms once the flooders were refused,"
                    + " in %d ms without the flood%n", connections, addresses, new TreeMap<>(statuses),
                    real.status(), tookMs, attempts, laterMs, quietMs);
            assertEquals(200, real.status(), real.body());
            assertTrue(JSON.readTree(real.body()).get("jwt").isTextual());
            assertTrue(wrong.isEmpty(), "flooders got: " + wrong.stream().limit(5).toList());
            assertTrue(statuses.containsKey(429), "the flooding addresses were refused: " + statuses);
            assertTrue(Set.of(401, 429, 503).containsAll(statuses.keySet()), statuses.toString());
        } finally {
            flooders.shutdownNow();
            assertTrue(flooders.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** How long a real login takes with nothing else going on (the second of two, the first warms up). */
    private static long realLoginMillis(Running gateway) throws IOException {
        try (HttpConnection client = gateway.connect("127.0.0.1")) {
            assertEquals(200, client.post("/auth/authenticate", login("root", "memphis")).status());
            long start = System.nanoTime();
            assertEquals(200, client.post("/auth/authenticate", login("root", "memphis")).status());
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
    }

    /**
     * Issue 10: 5,000 idle connections, 20 clients sending their bodies at 1 byte/s and 100 logins hashed at once do
     * not hold up a produce request with a token: it is answered as without them, give or take the CPU the hashing
     * takes from the machine (printed; bounded loosely here, the figures are for the reader).
     */
    @Test
    void idleSlowAndLoggingInCrowdsDoNotHoldUpAProduceRequest() throws Exception {
        Map<String, Credential> users = Map.of("root",
                Credential.parse(Credential.hash("memphis".toCharArray(), Credential.DEFAULT_ITERATIONS)));
        List<java.net.Socket> idle = new ArrayList<>();
        ExecutorService crowd = Executors.newFixedThreadPool(120);
        AtomicBoolean stop = new AtomicBoolean();
        try (Running gateway = new Running(users, new LoginLimits(2, 128, 1_000_000, 60_000, 1))) {
            String token;
            try (HttpConnection client = gateway.connect("127.0.0.1")) {
                token = JSON.readTree(client.post("/auth/authenticate", login("root", "memphis")).body())
                        .get("jwt").asText();
            }
            long[] quiet = produceMillis(gateway, token, 30);
            for (int i = 0; i < 5_000; i++) {
                idle.add(new java.net.Socket("127.0.0.1", gateway.port));
            }
            for (int i = 0; i < 20; i++) {
                crowd.execute(() -> trickle(gateway.port, stop));
            }
            CountDownLatch loginsStarted = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                String from = "127.0.2." + (i + 1);
                int guess = i;
                crowd.execute(() -> {
                    try (HttpConnection client = gateway.connect(from)) {
                        loginsStarted.countDown();
                        client.post("/auth/authenticate", login("root", "wrong-" + guess));
                    } catch (IOException e) {
                        // The crowd's own answers are not under test here.
                    }
                });
            }
            loginsStarted.await(30, TimeUnit.SECONDS);
            long[] crowded = produceMillis(gateway, token, 30);
            System.out.printf("produce with a token: median %d ms, max %d ms quiet; median %d ms, max %d ms beside"
                    + " 5,000 idle connections, 20 slow bodies and 100 logins being hashed%n", quiet[0], quiet[1],
                    crowded[0], crowded[1]);
            assertTrue(crowded[0] <= quiet[0] + 100, "median " + crowded[0] + " ms against " + quiet[0] + " ms");
            assertTrue(crowded[1] < 2_000, "slowest " + crowded[1] + " ms");
        } finally {
            stop.set(true);
            crowd.shutdownNow();
            for (java.net.Socket socket : idle) {
                socket.close();
            }
            assertTrue(crowd.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** {@code count} produce requests one after another: the median and the slowest, in milliseconds. */
    private static long[] produceMillis(Running gateway, String token, int count) throws IOException {
        long[] millis = new long[count];
        try (HttpConnection client = gateway.connect("127.0.0.1")) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                HttpConnection.Response response = client.post("/stations/t/produce/single", "{\"n\":" + i + "}",
                        "Authorization", "Bearer " + token);
                millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(200, response.status(), response.body());
            }
        }
        long[] sorted = millis.clone();
        java.util.Arrays.sort(sorted);
        return new long[]{sorted[count / 2], sorted[count - 1]};
    }

    /** A client that sends a produce request's body one byte a second, until stopped. */
    private static void trickle(int port, AtomicBoolean stop) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            var out = socket.getOutputStream();
            out.write(("POST /stations/t/produce/single HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            while (!stop.get()) {
                out.write('x');
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException e) {
            // Cut off by the request deadline, or stopped: either is fine here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAddressPastItsFailedLoginsGets429OnEveryRouteThatChecksASecret() throws Exception {
        try (Running gateway = new Running(Map.of("root", Credential.parse("memphis")),
                new LoginLimits(2, 64, 3, 60_000, 1));
             HttpConnection client = gateway.connect("127.0.0.1")) {
            assertEquals(401, client.send("GET", "/kafka/cluster/info", null, "Authorization",
                    basic("root", "wrong")).status());
            assertEquals(401, openSocket(client, "Authorization", basic("nobody", "memphis")).status());
            HttpConnection.Response third = client.post("/auth/authenticate", login("root", "wrong"));
            assertEquals(401, third.status());
            assertEquals("Unauthorized", messageOf(third));

            // Refused even with the right secret, and without it being looked at, until the window has passed.
            assertRetryLater(client.post("/auth/authenticate", login("root", "memphis")), 429);
            assertRetryLater(client.send("GET", "/kafka/cluster/info", null, "Authorization",
                    basic("root", "memphis")), 429);
            assertRetryLater(openSocket(client, "Authorization", basic("root", "memphis")), 429);

            try (HttpConnection other = gateway.connect("127.0.0.2")) {
                assertEquals(200, other.post("/auth/authenticate", login("root", "memphis")).status());
                assertEquals(200, other.send("GET", "/kafka/cluster/info", null, "Authorization",
                        basic("root", "memphis")).status());
                assertEquals(101, openSocket(other, "Authorization", basic("root", "memphis")).status());
                gateway.awaitOpenSockets(1);
            }
        }
    }

    @Test
    void correctlySignedTokensWithHostileDatesAre401OnEveryRouteThatTakesATokenNeverA500() throws Exception {
        try (Running gateway = new Running(Map.of("root", Credential.parse("memphis")), UNLIMITED)) {
            for (String[] hostile : TokenServiceTest.HOSTILE_DATES) {
                String claims = TokenServiceTest.claimsWith(hostile[0], hostile[1]);
                String access = TokenServiceTest.signedWithTheRightKey(claims);
                String refresh = TokenServiceTest.signedWithTheRightKey(
                        claims.replace("\"token_type\":\"access\"", "\"token_type\":\"refresh\""));
                String what = hostile[0] + "=" + hostile[1];
                try (HttpConnection client = gateway.connect("127.0.0.1")) {
                    HttpConnection.Response produce = client.post("/stations/t/produce/single", "{\"a\":1}",
                            "Authorization", "Bearer " + access);
                    assertEquals(401, produce.status(), what + " -> " + produce.body());
                    JsonNode body = JSON.readTree(produce.body());
                    assertFalse(body.get("success").asBoolean());
                    assertFalse(produce.body().contains("Exception"), produce.body());
                }
                try (HttpConnection client = gateway.connect("127.0.0.1")) {
                    HttpConnection.Response refreshed = client.post("/auth/refreshToken", "",
                            "Authorization", "Bearer " + refresh);
                    assertEquals(401, refreshed.status(), what + " -> " + refreshed.body());
                    assertEquals("Unauthorized", messageOf(refreshed));
                }
                try (HttpConnection client = gateway.connect("127.0.0.1")) {
                    HttpConnection.Response socket = openSocket(client, "Sec-WebSocket-Protocol",
                            "kgate, bearer." + access);
                    assertEquals(401, socket.status(), what + " -> " + socket.body());
                    assertTrue(messageOf(socket).startsWith("Unauthorized"), socket.body());
                }
            }
            // The same routes with sane dates: each refusal above was the hostile claim's doing.
            String claims = TokenServiceTest.claimsWith("jti", "\"fine\"");
            String access = TokenServiceTest.signedWithTheRightKey(claims);
            try (HttpConnection client = gateway.connect("127.0.0.1")) {
                assertEquals(200, client.post("/stations/t/produce/single", "{\"a\":1}",
                        "Authorization", "Bearer " + access).status());
                assertEquals(200, client.post("/auth/refreshToken", "", "Authorization", "Bearer "
                        + TokenServiceTest.signedWithTheRightKey(claims.replace("\"access\"", "\"refresh\"")))
                        .status());
                assertEquals(101, openSocket(client, "Sec-WebSocket-Protocol", "kgate, bearer." + access).status());
                gateway.awaitOpenSockets(1);
            }
        }
    }
}
