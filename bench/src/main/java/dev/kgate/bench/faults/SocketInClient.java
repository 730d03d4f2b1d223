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
 * One {@code /socket/in} load client: keeps up to {@code window} messages in flight on its socket, each with a unique
 * id as its value, {@code messageId} and {@code idempotencyKey}, and records every answer in the ledger (answers come
 * one per frame, in the order sent). A message answered NOT_WRITTEN or UNKNOWN, or left unanswered when the socket
 * closes or is lost, is sent again with the same key (on a new socket if need be) until acknowledged or its deadline
 * passes. The client reconnects to the same gateway, which holds its keys, and moves to the next one only when that
 * refuses the socket; it picks its gateway anew only when it reconnects after the balancer's gateways changed.
 */
final class SocketInClient implements Runnable {

    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([A-Z_]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]*)\"");
    /** As a REST client's request timeout: frames in flight and nothing heard for this long, the socket is lost. */
    private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A message and when it was first sent, for its deadline. */
    private record Message(String id, long firstSentNanos) {
    }

    private final int client;
    private final LoadBalancer gateways;
    private final String topic;
    private final int window;
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

    SocketInClient(int client, LoadBalancer gateways, String topic, int window, MessageLedger ledger) {
        this.client = client;
        this.gateways = gateways;
        this.topic = topic;
        this.window = window;
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
        while (connection != null && inFlight.size() < window) {
            Message next = toRetry.poll();
            if (next == null) {
                if (stopping) {
                    return;
                }
                next = new Message(topic + "-socket-" + client + "-" + sequence++, System.nanoTime());
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
                ended("socket lost");
            }
        }
    }

    private void take() throws InterruptedException {
        if (connection == null) {
            return;
        }
        SocketInConnection.Event event = connection.next(500);
        if (event == null) {
            if (!inFlight.isEmpty() && System.nanoTime() - lastHeard > SILENCE_NANOS) {
                ended("socket silent 30 s with frames in flight");
            }
            return;
        }
        lastHeard = System.nanoTime();
        if (event instanceof SocketInConnection.Ended end) {
            ended(end.kind());
        } else if (event instanceof SocketInConnection.Answer answer) {
            answered(answer.frame());
        }
    }

    /** The socket is gone: what it held unanswered may or may not be written, and is sent again with its key. */
    private void ended(String kind) {
        ledger.error(kind);
        for (Iterator<Message> it = inFlight.descendingIterator(); it.hasNext(); ) {
            Message message = it.next();
            ledger.unknownOutcome(message.id(), "socket ended before the answer (outcome unknown)");
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
        } else if (kind.contains("NOT_WRITTEN")) {
            ledger.error(kind);
            toRetry.addLast(message);
            Thread.sleep(100);   // a full queue or a stopping task: a moment's room before the retry
        } else {
            ledger.error(kind);   // refused or dropped: a retry cannot change that, give the message up
        }
    }
}
