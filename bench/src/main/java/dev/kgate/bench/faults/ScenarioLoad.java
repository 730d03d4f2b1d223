package dev.kgate.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scenario's load on one topic: REST clients ({@link LoadClient}) and {@code /socket/in} clients
 * ({@link SocketInClient}), all recording into one ledger, so every acknowledgement of either API is checked in the
 * topic the same way.
 */
final class ScenarioLoad {

    /** Between two new messages of one client: load that leaves most of the two cores to the cluster. */
    private static final long PAUSE_MILLIS = 5;

    private final MessageLedger ledger;
    private final LoadClient rest;
    private final List<SocketInClient> sockets = new ArrayList<>();
    private final List<Thread> socketThreads = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    ScenarioLoad(LoadBalancer gateways, String topic, int restClients, int socketClients, int socketWindow,
                 ClientLog log) {
        ledger = new MessageLedger(log);
        rest = new LoadClient(gateways, topic, restClients, PAUSE_MILLIS, ledger);
        for (int i = 0; i < socketClients; i++) {
            // Numbered after the REST clients, so that the balancer's affinity spreads them over the gateways too.
            sockets.add(new SocketInClient(restClients + i, gateways, topic, socketWindow, PAUSE_MILLIS, ledger));
            names.add("socket-in-" + topic + "-" + (restClients + i));
        }
    }

    void start() {
        rest.start();
        for (int i = 0; i < sockets.size(); i++) {
            Thread thread = new Thread(sockets.get(i), names.get(i));
            thread.setDaemon(true);
            socketThreads.add(thread);
            thread.start();
        }
    }

    /** Stops every client from sending new messages, and waits while they finish the ones they hold. */
    void stopAndAwait() throws InterruptedException {
        sockets.forEach(SocketInClient::stop);
        rest.stopAndAwait();
        for (Thread thread : socketThreads) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(LoadClient.MESSAGE_DEADLINE_NANOS) + 10_000);
        }
    }

    MessageLedger ledger() {
        return ledger;
    }

    /** Acknowledgement times per client (REST clients first), in the order received. */
    List<List<Long>> ackTimes() {
        List<List<Long>> all = new ArrayList<>(rest.ackTimes());
        sockets.forEach(socket -> all.add(socket.ackTimes()));
        return all;
    }
}
