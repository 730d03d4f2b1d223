package dev.kgate.bench.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients that post single messages over REST without pause, each with a unique id as its value and as its
 * {@code Idempotency-Key}, and retry each message until it is acknowledged: after 503 (honouring Retry-After, at
 * most 1 s), 504 and lost connections, with the same key. Each client sticks to one worker's gateway, as a load
 * balancer with source affinity would route it (so a retry meets the worker that holds its key), and moves to the
 * next worker only when that one refuses connections or has no task of the connector, or, at its next message, when
 * the balancer's gateways change.
 */
final class LoadClient {

    static final Pattern COORDINATES = Pattern.compile("\"partition\":(\\d+),\"offset\":(\\d+)");
    static final long MESSAGE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final LoadBalancer gateways;
    private final String topic;
    private final int clients;
    private final long pauseMillis;
    private final MessageLedger ledger;
    private final List<Thread> threads = new ArrayList<>();
    private final List<List<Long>> ackTimes = new ArrayList<>();
    private volatile boolean stopping;

    LoadClient(LoadBalancer gateways, String topic, int clients, long pauseMillis, MessageLedger ledger) {
        this.gateways = gateways;
        this.ledger = ledger;
        this.topic = topic;
        this.clients = clients;
        this.pauseMillis = pauseMillis;
        for (int i = 0; i < clients; i++) {
            ackTimes.add(new ArrayList<>());
        }
    }

    void start() {
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> run(client), "load-" + topic + "-" + client);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops sending new messages; each client finishes the one it holds (or abandons it after its deadline). */
    void stopAndAwait() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(MESSAGE_DEADLINE_NANOS) + 10_000);
        }
    }

    /** Acknowledgement times (System.nanoTime) per client, in the order received. */
    List<List<Long>> ackTimes() {
        return ackTimes;
    }

    private void run(int client) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        List<URI> inService = gateways.inService();
        URI gateway = LoadBalancer.home(inService, client);
        long sequence = 0;
        while (!stopping) {
            if (gateways.inService() != inService) {
                inService = gateways.inService();
                gateway = LoadBalancer.home(inService, client);
            }
            String id = topic + "-" + client + "-" + sequence++;
            gateway = deliver(http, client, gateway, id);
            sleep(pauseMillis);
        }
    }

    /** Posts one message until acknowledged or its deadline passes; returns the gateway the client now uses. */
    private URI deliver(HttpClient http, int client, URI gateway, String id) {
        ledger.messageStarted();
        long deadline = System.nanoTime() + MESSAGE_DEADLINE_NANOS;
        String body = "{\"id\":\"" + id + "\"}";
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/stations/" + topic + "/produce/single"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", id)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    Matcher coordinates = COORDINATES.matcher(response.body());
                    if (!coordinates.find()) {
                        ledger.error("200 without coordinates");
                        return gateway;
                    }
                    ledger.acknowledged(id, Integer.parseInt(coordinates.group(1)),
                            Long.parseLong(coordinates.group(2)));
                    long now = System.nanoTime();
                    synchronized (ackTimes.get(client)) {
                        ackTimes.get(client).add(now);
                    }
                    return gateway;
                }
                String kind = ErrorKinds.of(status, response.body());
                if (status == 504 || kind.contains("outcome unknown")) {
                    ledger.unknownOutcome(id, kind);
                } else {
                    ledger.error(kind);
                }
                if (status != 503 && status != 504) {
                    return gateway;   // a refusal a retry cannot change: give the message up
                }
                if (kind.equals("503 no task on this worker")) {
                    gateway = gateways.next(gateway);
                }
                sleep(Math.min(1_000, 1_000L * response.headers().firstValueAsLong("Retry-After").orElse(0)));
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // Nothing was sent: try the next worker, as a load balancer would.
                ledger.error("connection refused or connect timeout");
                gateway = gateways.next(gateway);
                sleep(100);
            } catch (HttpTimeoutException e) {
                ledger.unknownOutcome(id, "no answer within 30 s (outcome unknown)");
            } catch (IOException e) {
                // The request may have reached the gateway: its outcome is unknown; retry with the same key.
                ledger.unknownOutcome(id, "connection lost mid-request (outcome unknown)");
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return gateway;
            }
        }
        ledger.abandoned();
        return gateway;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
