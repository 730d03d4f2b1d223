package dev.kgate.http.listener;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenerRegistryTest {

    private static ListenerSettings settings(int port) {
        return new ListenerSettings("127.0.0.1", port, null, 1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int get(int port) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/")
                .toURL().openConnection();
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void tasksShareOnePortRoundRobinAndTheLastToLeaveClosesIt() throws Exception {
        int port = freePort();
        Set<Integer> served = new HashSet<>();
        ListenerRegistry.Membership first = ListenerRegistry.join(settings(port), "c", exchange -> {
            served.add(1);
            exchange.setStatusCode(201);
        });
        ListenerRegistry.Membership second = ListenerRegistry.join(settings(port), "c", exchange -> {
            served.add(2);
            exchange.setStatusCode(202);
        });
        for (int i = 0; i < 4; i++) {
            get(port);
        }
        assertEquals(Set.of(1, 2), served, "requests are spread over both tasks");

        first.close();
        first.close(); // leaving twice is harmless
        assertEquals(202, get(port), "the remaining task still serves");
        second.close();
        assertThrows(IOException.class, () -> get(port), "the last task to leave closes the port");
    }

    @Test
    void aRequestNoTaskAnsweredGetsA503OutcomeUnknownWhenTheListenerClosesNotACutConnection() throws Exception {
        int port = freePort();
        // A member that takes the request and never answers: a defect elsewhere must not cost the client its answer.
        ListenerRegistry.Membership member = ListenerRegistry.join(settings(port), "c", exchange -> exchange.dispatch());
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/stations/orders/produce/single"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertTrue(!response.isDone(), "the member holds the request");

        member.close();
        HttpResponse<String> answer = response.get(5, TimeUnit.SECONDS);
        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(answer.body().startsWith("{\"success\":false,\"error\":\"Outcome unknown"), answer.body());
        assertEquals("1", answer.headers().firstValue("Retry-After").orElse(null));
        assertThrows(IOException.class, () -> get(port), "and the port is closed");
    }

    @Test
    void aClosingListenerHoldsBackJoinsOnItsOwnPortOnly() throws Exception {
        int closingPort = freePort();
        int otherPort = freePort();
        // A request nobody answers keeps the closing listener draining for its full 2 s.
        ListenerRegistry.Membership leaving = ListenerRegistry.join(settings(closingPort), "c", exchange -> exchange.dispatch());
        CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + closingPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        long closeStarted = System.nanoTime();
        CompletableFuture<Void> left = CompletableFuture.runAsync(leaving::close);
        Thread.sleep(200);

        long start = System.nanoTime();
        try (ListenerRegistry.Membership other = ListenerRegistry.join(settings(otherPort), "d", e -> e.setStatusCode(204))) {
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs < 1_000, "another port's join waited " + tookMs + " ms for a close");
            assertTrue(!left.isDone(), "the other listener was still closing");
        }
        try (ListenerRegistry.Membership again = ListenerRegistry.join(settings(closingPort), "c", e -> e.setStatusCode(204))) {
            long sinceCloseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted);
            assertTrue(sinceCloseMs >= 1_900, "a join on the closing port waits for its 2 s drain: " + sinceCloseMs);
            assertEquals(204, get(closingPort));
        }
        assertEquals(503, held.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void requestsPassOverATaskThatTakesNoWorkWhileAnotherDoes() throws Exception {
        int port = freePort();
        AtomicBoolean firstTakesWork = new AtomicBoolean(false);
        try (ListenerRegistry.Membership full = ListenerRegistry.join(settings(port), "c", "", e -> e.setStatusCode(503),
                firstTakesWork::get, 0);
             ListenerRegistry.Membership running = ListenerRegistry.join(settings(port), "c", "",
                     e -> e.setStatusCode(200), () -> true, 0)) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, get(port), "a paused, stalled or full task's requests go to the other one");
            }
            firstTakesWork.set(true);
            Set<Integer> answers = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                answers.add(get(port));
            }
            assertEquals(Set.of(200, 503), answers, "round-robin again once it takes work");
        }
    }

    @Test
    void whenNoTaskTakesWorkEachAnswersItsOwnRefusalInTurn() throws Exception {
        int port = freePort();
        try (ListenerRegistry.Membership paused = ListenerRegistry.join(settings(port), "c", "", e -> e.setStatusCode(503),
                () -> false, 0);
             ListenerRegistry.Membership full = ListenerRegistry.join(settings(port), "c", "",
                     e -> e.setStatusCode(429), () -> false, 0)) {
            Set<Integer> answers = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                answers.add(get(port));
            }
            assertEquals(Set.of(503, 429), answers);
        }
    }

    @Test
    void anotherConnectorOnTheSamePortIsToldWhoHoldsIt() throws Exception {
        int port = freePort();
        try (ListenerRegistry.Membership ignored = ListenerRegistry.join(settings(port), "first", e -> { })) {
            ListenerBindException e = assertThrows(ListenerBindException.class,
                    () -> ListenerRegistry.join(settings(port), "second", x -> { }));
            assertTrue(e.getMessage().contains("'first'") && e.getMessage().contains(String.valueOf(port)),
                    e.getMessage());
        }
    }

    @Test
    void bindFailureNamesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ListenerBindException e = assertThrows(ListenerBindException.class,
                    () -> ListenerRegistry.join(settings(port), "c", x -> { }));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void aRetiredTaskGetsNoRequestsAndHoldsThePortUntilItLeaves() throws Exception {
        int port = freePort();
        ListenerRegistry.Membership stopping = ListenerRegistry.join(settings(port), "c", e -> e.setStatusCode(201));
        stopping.retire();
        assertEquals(503, get(port), "no task takes requests: 503, not a refused connection");
        ListenerRegistry.Membership restarted = ListenerRegistry.join(settings(port), "c", e -> e.setStatusCode(202));
        for (int i = 0; i < 3; i++) {
            assertEquals(202, get(port), "only the active task is served");
        }
        stopping.close();
        assertEquals(202, get(port));
        restarted.close();
        assertThrows(IOException.class, () -> get(port));
    }

    @Test
    void aNewConfigurationsTaskRetiresTheOldOnesAtOnce() throws Exception {
        int port = freePort();
        try (ListenerRegistry.Membership old = ListenerRegistry.join(settings(port), "c", "v1",
                e -> e.setStatusCode(201), 0);
             ListenerRegistry.Membership updated = ListenerRegistry.join(settings(port), "c", "v2",
                     e -> e.setStatusCode(202), 0)) {
            for (int i = 0; i < 4; i++) {
                assertEquals(202, get(port), "never the old configuration's task");
            }
        }
    }

    @Test
    void newListenerSettingsWaitForTheOldListenerToClose() throws Exception {
        int port = freePort();
        ListenerRegistry.Membership old = ListenerRegistry.join(settings(port), "c", "v1", e -> e.setStatusCode(201),
                0);
        ListenerSettings twoIoThreads = new ListenerSettings("127.0.0.1", port, null, 2);
        ListenerBindException timedOut = assertThrows(ListenerBindException.class,
                () -> ListenerRegistry.join(twoIoThreads, "c", "v2", e -> e.setStatusCode(202), 200));
        assertTrue(timedOut.getMessage().contains("tasks of the previous configuration still hold it"),
                timedOut.getMessage());
        assertEquals(503, get(port), "the old task was retired by the attempt");

        java.util.concurrent.CompletableFuture<ListenerRegistry.Membership> joining =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> ListenerRegistry.join(twoIoThreads, "c",
                        "v2", e -> e.setStatusCode(202), 10_000));
        Thread.sleep(200);
        assertTrue(!joining.isDone(), "waits while the old task finishes");
        old.close();
        try (ListenerRegistry.Membership updated = joining.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
            assertEquals(2, updated.settings().ioThreads());
            assertEquals(202, get(port));
        }
    }
}
