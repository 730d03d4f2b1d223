package dev.kgate.bench.faults;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /socket/out} client that reads a topic without end, as an application would: when its socket dies it
 * reconnects with the same {@code clientId} and {@code groupId}, trying the gateways in turn with backoff (a dead
 * worker refuses the connection; a live one answers 409 while the dead socket's consumer is still a member of the
 * group). With {@code autoCommit=false} it commits what it received every 100 ms, by the records'
 * {@code wsProxyMessageId}s. Before each connection it reads its group's committed offsets: where the new socket must
 * start.
 */
final class FailoverReader {

    private static final Pattern RECORD = Pattern.compile(
            "^\\{\"wsProxyMessageId\":\"([^\"]+)\",\"topic\":\"[^\"]*\",\"partition\":(\\d+),\"offset\":(\\d+)");
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 1_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final List<URI> gateways;
    private final String topic;
    private final String clientId;
    private final String groupId;
    private final boolean autoCommit;
    private final GroupView groups;
    private final ReaderLedger ledger;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Connection current;
    private volatile Exception failure;

    /** {@code gateways}: the first is the one to read from first, the others are tried in turn after it. */
    FailoverReader(List<URI> gateways, String topic, String clientId, String groupId, boolean autoCommit,
                   GroupView groups, ReaderLedger ledger) {
        this.gateways = List.copyOf(gateways);
        this.topic = topic;
        this.clientId = clientId;
        this.groupId = groupId;
        this.autoCommit = autoCommit;
        this.groups = groups;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "reader-" + clientId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Commits what was received (autoCommit=false), closes the socket normally and stops reconnecting. */
    void stop() throws InterruptedException {
        stopping = true;
        Connection connection = current;
        if (connection != null) {
            connection.commitAndClose();
        }
        thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS + 5));
    }

    /** Throws what stopped the reader's own thread (its Admin lookups), if anything did. */
    void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("Reader " + clientId + " failed", failure);
        }
    }

    private void run() {
        int gateway = 0;
        long backoff = MIN_BACKOFF_MS;
        try {
            while (!stopping) {
                Connection connection = new Connection(groups.committed(groupId, topic), gateways.get(gateway));
                String refusal = connection.open();
                if (refusal != null) {
                    ledger.refused(refusal);
                    gateway = (gateway + 1) % gateways.size();
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    continue;
                }
                backoff = MIN_BACKOFF_MS;
                current = connection;
                connection.closed.join();
                current = null;
                if (!stopping) {
                    System.out.printf("  %s: socket %d to %s lost (%s)%n", clientId, connection.socketNumber + 1,
                            connection.gateway.getAuthority(), connection.closeReason);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** One socket: what it receives goes to the ledger; its close (the server's, or the connection lost) ends it. */
    private final class Connection implements WebSocket.Listener {

        private final Map<Integer, Long> committed;
        private final URI gateway;
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        /** Per partition, the id of the last record received, and of the last one committed (autoCommit=false). */
        private final Map<Integer, String> received = new HashMap<>();
        private final Map<Integer, String> commitSent = new HashMap<>();
        private volatile int socketNumber;
        private volatile String closeReason;
        private CompletableFuture<WebSocket> sends;
        private long committedAtNanos = System.nanoTime();

        Connection(Map<Integer, Long> committed, URI gateway) {
            this.committed = committed;
            this.gateway = gateway;
        }

        /** @return null once open; what refused the socket otherwise */
        String open() throws InterruptedException {
            URI uri = URI.create("ws://" + gateway.getAuthority() + "/socket/out?clientId=" + encode(clientId)
                    + "&topic=" + encode(topic) + "&groupId=" + encode(groupId) + "&autoCommit=" + autoCommit);
            try {
                http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2)).buildAsync(uri, this)
                        .get(15, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return refusal(e.getCause());
            } catch (TimeoutException e) {
                return "no answer within 15 s";
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // Before the first frame: every record this socket delivers is counted against where it had to start.
            socketNumber = ledger.opened(committed);
            synchronized (this) {
                sends = CompletableFuture.completedFuture(webSocket);
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void received(String frame) {
            Matcher record = RECORD.matcher(frame);
            if (!record.find()) {
                ledger.errorFrame(frame);
                return;
            }
            int partition = Integer.parseInt(record.group(2));
            ledger.delivered(socketNumber, partition, Long.parseLong(record.group(3)));
            if (!autoCommit) {
                synchronized (this) {
                    received.put(partition, record.group(1));
                    if (System.nanoTime() - committedAtNanos >= COMMIT_INTERVAL_NANOS) {
                        commitReceived();
                    }
                }
            }
        }

        /** Commits the last record received per partition; the gateway answers only a refused commit. */
        private synchronized void commitReceived() {
            committedAtNanos = System.nanoTime();
            for (Map.Entry<Integer, String> last : received.entrySet()) {
                if (!last.getValue().equals(commitSent.get(last.getKey()))) {
                    commitSent.put(last.getKey(), last.getValue());
                    String frame = "{\"wsProxyMessageId\":\"" + last.getValue() + "\"}";
                    // One send at a time: java.net.http refuses a send while the previous one is pending.
                    sends = sends.thenCompose(socket -> socket.sendText(frame, true));
                }
            }
        }

        void commitAndClose() throws InterruptedException {
            synchronized (this) {
                if (sends == null) {
                    return;
                }
                if (!autoCommit) {
                    commitReceived();
                }
                sends = sends.thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
            }
            try {
                closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                closed.complete(null);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = "closed " + statusCode + " " + reason;
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = error.toString();
            closed.complete(null);
        }
    }

    private static String refusal(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            Object body = handshake.getResponse().body();
            String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(body);
            return text.contains("already connected") ? status + " clientId still in the group" : "HTTP " + status;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getClass().getSimpleName();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
