package dev.kgate.bench.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code /socket/in} WebSocket of a load client (java.net.http): sends frames one at a time from the client's
 * thread, and turns what arrives (answer frames, the server's close, a lost connection) into events that thread
 * takes in order.
 */
final class SocketInConnection implements WebSocket.Listener {

    /** What arrived on the socket. */
    sealed interface Event permits Answer, Ended {
    }

    /** One answer frame (a result or an error frame). */
    record Answer(String frame) implements Event {
    }

    /**
     * The socket ended: with the server's close frame ({@code code} from it), or lost without one ({@code code}
     * 1006, as RFC 6455 names that).
     */
    record Ended(int code) implements Event {

        static final int LOST = 1006;

        /** After a close frame the server has read nothing more: every frame it read was answered. */
        boolean clean() {
            return code != LOST;
        }

        /** How the socket ended, for the error counts. */
        String kind() {
            return switch (code) {
                case LOST -> "socket lost (no close frame)";
                case 1001 -> "socket closed 1001 (going away)";
                case 1012 -> "socket closed 1012 (service restart)";
                case 1013 -> "socket closed 1013 (try again later)";
                default -> "socket closed " + code;
            };
        }
    }

    /** The socket could not be opened; {@code getMessage()} names why, for the error counts. */
    static final class Refused extends Exception {
        Refused(String kind) {
            super(kind, null, false, false);
        }
    }

    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private SocketInConnection() {
    }

    static SocketInConnection open(HttpClient http, URI uri) throws Refused, InterruptedException {
        SocketInConnection connection = new SocketInConnection();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2))
                .buildAsync(uri, connection);
        try {
            connection.socket = opening.get(10, TimeUnit.SECONDS);
            return connection;
        } catch (ExecutionException e) {
            throw new Refused(refusal(e.getCause()));
        } catch (TimeoutException e) {
            opening.thenAccept(WebSocket::abort);   // should it open after all, nobody would read it
            throw new Refused("socket upgrade unanswered within 10 s");
        }
    }

    private static String refusal(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            return "socket upgrade refused " + handshake.getResponse().statusCode();
        }
        if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
            return "socket connection refused or connect timeout";
        }
        return "socket upgrade failed (" + cause.getClass().getSimpleName() + ")";
    }

    /**
     * Sends one text frame. An exception means the socket's output is closed: the server closed the socket (its
     * {@link Ended} event follows, or came already) or the connection is lost.
     */
    void send(String frame) throws IOException, InterruptedException {
        try {
            socket.sendText(frame, true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("send failed", e);
        }
    }

    /** The next event, or null after {@code timeoutMillis} without one. */
    Event next(long timeoutMillis) throws InterruptedException {
        return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** A normal close once the client is done; the connection is dropped if the server does not answer promptly. */
    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Abort below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.abort();
    }

    void abort() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            events.add(new Answer(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Ended(statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Ended(Ended.LOST));
    }
}
