package dev.kgate.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code /socket/in} load client: sends a new message every {@code pauseMillis} with up to {@code window} of them
 * in flight on its socket, each with a unique id as its value, {@code messageId} and {@code idempotencyKey}, and
 * records every answer in the ledger (answers come one per frame, in the order sent). A message answered NOT_WRITTEN
 * or UNKNOWN, or left unanswered when the socket ends, is sent again with the same key (on a new socket if need be)
 * until acknowledged or its deadline passes. Unanswered when the server closed the socket with a close frame means
 * not read, so not written; unanswered when the connection was lost means outcome unknown. The client reconnects to
 * the same gateway, which holds its keys, and moves to the next one only when that refuses the socket; it picks its
 * gateway anew only when it reconnects after the balancer's gateways changed.
 */
final class SocketInClient implements Runnable {

    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([A-Z_]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]*)\"");
    /** As a REST client's request timeout: frames in flight and nothing heard for this long, the socket is lost. */
    private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** After a send failed, how long the server's close frame may take to show up before the socket counts as lost. */
    private static final long CLOSE_EVENT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A message and when it was first sent, for its deadline. */
    private record Message(String id, long firstSentNanos) {
    }

    private final int client;
    private final LoadBalancer gateways;
    private final String topic;
    private final int window;
    private final long pauseNanos;
    private final MessageLedger ledger;
    private final List<Long> ackTimes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ArrayDeque<Message> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Message> toRetry = new ArrayDeque<>();
    private volatile boolean stopping;
    private SocketInConnection connection;
    private List<URI> inService;
    private URI gateway;
    private long sequence;
    private long lastHeard;
    private long nextNewMessageAt;
    /** When a send failed on the current socket (its output closed), or 0. */
    private long outputClosedAt;
    /** The server said the socket is closing (its task stops, the connector pauses): nothing more is sent on it. */
    private boolean closing;

    SocketInClient(int client, LoadBalancer gateways, String topic, int window, long pauseMillis,
                   MessageLedger ledger) {
        this.client = client;
        this.gateways = gateways;
        this.topic = topic;
        this.window = window;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        this.ledger = ledger;
    }

    /** Acknowledgement times (System.nanoTime), in the order received. */
    List<Long> ackTimes() {
        return ackTimes;
    }

    /** Sends no new message; the client ends once what it holds is acknowledged or abandoned. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (!stopping || !inFlight.isEmpty() || !toRetry.isEmpty()) {
                if (connection == null) {
                    connect();
                } else {
                    fillWindow();
                    take();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            connection.close();
        }
    }

    private void connect() throws InterruptedException {
        abandonExpired();
        if (stopping && toRetry.isEmpty()) {
            return;
        }
        if (gateways.inService() != inService) {
            inService = gateways.inService();
            gateway = LoadBalancer.home(inService, client);
        }
        URI uri = URI.create("ws://" + gateway.getAuthority() + "/socket/in?clientId=faults-socket-" + client
                + "&topic=" + topic + "&valType=json");
        try {
            connection = SocketInConnection.open(http, uri);
            lastHeard = System.nanoTime();
            outputClosedAt = 0;
            closing = false;
        } catch (SocketInConnection.Refused e) {
            ledger.error(e.getMessage());
            gateway = gateways.next(gateway);
            Thread.sleep(200);
        }
    }

    /** Messages past their deadline are given up, so that a client that cannot connect still ends. */
    private void abandonExpired() {
        for (Iterator<Message> it = toRetry.iterator(); it.hasNext(); ) {
            if (expired(it.next())) {
                it.remove();
                ledger.abandoned();
            }
        }
    }

    private boolean expired(Message message) {
        return System.nanoTime() - message.firstSentNanos() > LoadClient.MESSAGE_DEADLINE_NANOS;
    }

    private void fillWindow() throws InterruptedException {
        while (outputClosedAt == 0 && !closing && inFlight.size() < window) {
            Message next = toRetry.poll();
            if (next == null) {
                long now = System.nanoTime();
                if (stopping || now - nextNewMessageAt < 0) {
                    return;
                }
                nextNewMessageAt = now + pauseNanos;
                next = new Message(topic + "-socket-" + client + "-" + sequence++, now);
                ledger.messageStarted();
            } else if (expired(next)) {
                ledger.abandoned();
                continue;
            }
            inFlight.addLast(next);
            try {
                connection.send("{\"value\":{\"value\":{\"id\":\"" + next.id() + "\"}},\"messageId\":\"" + next.id()
                        + "\",\"idempotencyKey\":\"" + next.id() + "\"}");
            } catch (IOException e) {
                // Usually the server's close crossing this frame: its close event tells (see take()).
                outputClosedAt = System.nanoTime();
            }
        }
    }

    private void take() throws InterruptedException {
        boolean newMessageDue = !stopping && outputClosedAt == 0 && !closing && inFlight.size() < window
                && toRetry.isEmpty();
        long waitMillis = newMessageDue
                ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextNewMessageAt - System.nanoTime())) : 500;
        SocketInConnection.Event event = connection.next(Math.min(500, waitMillis));
        long now = System.nanoTime();
        if (event == null) {
            if (outputClosedAt != 0 && now - outputClosedAt > CLOSE_EVENT_NANOS) {
                ended("socket lost (a send failed, no close frame)", false);
            } else if ((!inFlight.isEmpty() || closing) && now - lastHeard > SILENCE_NANOS) {
                ended("socket silent 30 s with frames in flight or closing", false);
            }
            return;
        }
        lastHeard = now;
        if (event instanceof SocketInConnection.Ended end) {
            ended(end.kind(), end.clean());
        } else if (event instanceof SocketInConnection.Answer answer) {
            answered(answer.frame());
        }
    }

    /**
     * The socket is gone; what it held unanswered is sent again with its key. After the server's close frame that
     * was not read, so not written; after a lost connection it may or may not be written.
     */
    private void ended(String kind, boolean clean) {
        ledger.error(kind);
        for (Iterator<Message> it = inFlight.descendingIterator(); it.hasNext(); ) {
            Message message = it.next();
            if (clean) {
                ledger.error("socket frame unanswered at the server's close (not read)");
            } else {
                ledger.unknownOutcome(message.id(), "socket lost before the answer (outcome unknown)");
            }
            toRetry.addFirst(message);
        }
        inFlight.clear();
        connection.abort();
        connection = null;
    }

    private void answered(String frame) throws InterruptedException {
        Message message = inFlight.pollFirst();
        if (message == null) {
            ledger.error("socket answer with nothing in flight");
            return;
        }
        Matcher id = MESSAGE_ID.matcher(frame);
        if (id.find() && !id.group(1).equals(message.id())) {
            // Answers come in the order sent: one naming another message is a wrong answer.
            ledger.unknownOutcome(message.id(), "socket answer for another message");
            toRetry.addLast(message);
            return;
        }
        Matcher coordinates = LoadClient.COORDINATES.matcher(frame);
        if (coordinates.find()) {
            ledger.acknowledged(message.id(), Integer.parseInt(coordinates.group(1)),
                    Long.parseLong(coordinates.group(2)));
            long now = System.nanoTime();
            synchronized (ackTimes) {
                ackTimes.add(now);
            }
            return;
        }
        Matcher outcome = OUTCOME.matcher(frame);
        Matcher error = ERROR.matcher(frame);
        String kind = ErrorKinds.ofFrame(outcome.find() ? outcome.group(1) : "answer unreadable",
                error.find() ? error.group(1) : "");
        if (kind.contains("UNKNOWN")) {
            ledger.unknownOutcome(message.id(), kind);
            toRetry.addLast(message);
        } else if (kind.endsWith("task stopping") || kind.endsWith("paused")) {
            ledger.error(kind);
            toRetry.addLast(message);
            closing = true;   // the server closes the socket once it answered the rest: retry on the next one
        } else if (kind.contains("NOT_WRITTEN")) {
            ledger.error(kind);
            toRetry.addLast(message);
            Thread.sleep(100);   // a full queue: a moment's room before the retry
        } else {
            ledger.error(kind);   // refused or dropped: a retry cannot change that, give the message up
        }
    }
}
