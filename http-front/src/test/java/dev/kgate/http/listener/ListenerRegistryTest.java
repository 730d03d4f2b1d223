package dev.kgate.http.listener;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

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
}
