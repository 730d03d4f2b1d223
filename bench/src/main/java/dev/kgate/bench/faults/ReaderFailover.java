package dev.kgate.bench.faults;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /socket/out} reader failover: a topic of its own, filled straight to the broker (a backlog, then a steady
 * rate), read through the gateway by three consumer groups: one socket with {@code autoCommit=true}, one socket
 * committing by itself, and two {@code autoCommit=true} sockets sharing a group, one on each worker. The sockets on
 * the worker that is killed with SIGKILL see their socket die and reconnect to the other gateway with the same
 * clientId and groupId; they are refused (409) until their dead consumer's session times out, then each group must
 * read on from the offsets it had committed to the end of the topic: no committed record delivered again, no offset
 * skipped. The REST load runs meanwhile on the scenario's topic as in every scenario. Afterwards the killed worker is
 * started again.
 */
final class ReaderFailover implements Fault {

    private static final int BACKLOG = 1_000;
    private static final int RECORDS_PER_SECOND = 300;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    /** One consumer group: its sockets' clients (the one on the killed worker first) and the ledger they share. */
    private record ReaderGroup(String label, String groupId, ReaderLedger ledger, List<FailoverReader> readers) {
    }

    private final int victim;
    private final List<ReaderGroup> readerGroups = new ArrayList<>();
    private GroupView groups;
    private SteadyProducer producer;
    private String topic;
    private long killedAtNanos;

    /** {@code victim}: the index of the worker whose gateway the readers start on, and which is killed. */
    ReaderFailover(int victim) {
        this.victim = victim;
    }

    @Override
    public void watch(FaultCluster cluster, String loadTopic) throws Exception {
        // The topic and the groups are named under the connector's "faults-*" grants.
        topic = loadTopic + "-read";
        cluster.createTopic(topic);
        groups = new GroupView();
        producer = new SteadyProducer(topic, RECORDS_PER_SECOND);
        producer.start(BACKLOG);
        List<URI> gateways = List.of(cluster.gateway(0), cluster.gateway(1));
        List<URI> fromVictim = startingAt(gateways, victim);
        List<URI> fromSurvivor = startingAt(gateways, victim + 1);
        addGroup("autoCommit=true", "-auto-commit", true, fromVictim);
        addGroup("autoCommit=false, commits every 100 ms", "-client-commits", false, fromVictim);
        addGroup("autoCommit=true, two sockets in one group, one on each worker", "-shared", true, fromVictim,
                fromSurvivor);
        readerGroups.forEach(group -> group.readers().forEach(FailoverReader::start));
    }

    /** A group with a socket per entry of {@code gateways}, each a client's gateways in the order it tries them. */
    @SafeVarargs
    private void addGroup(String label, String suffix, boolean autoCommit, List<URI>... gateways) {
        String groupId = topic + suffix;
        ReaderLedger ledger = new ReaderLedger(gateways.length == 1);
        List<FailoverReader> readers = new ArrayList<>();
        for (int i = 0; i < gateways.length; i++) {
            readers.add(new FailoverReader(gateways[i], topic, groupId + "-reader-" + (i + 1), groupId, autoCommit,
                    groups, ledger));
        }
        readerGroups.add(new ReaderGroup(label, groupId, ledger, readers));
    }

    private static List<URI> startingAt(List<URI> gateways, int first) {
        List<URI> rotated = new ArrayList<>(gateways);
        Collections.rotate(rotated, -first);
        return rotated;
    }

    @Override
    public void inject(FaultCluster cluster) throws Exception {
        // Without commits on every partition before the kill there would be nothing to resume from.
        await("every group committing on every partition", RECOVERY_TIMEOUT, this::everyPartitionCommitted);
        killedAtNanos = System.nanoTime();
        cluster.worker(victim).kill9();
        await("the readers reading again on the other gateway", RECOVERY_TIMEOUT,
                () -> readerGroups.stream().allMatch(g -> g.ledger().readingAgainSince(killedAtNanos)));
    }

    private boolean everyPartitionCommitted() {
        try {
            int partitions = groups.endOffsets(topic).size();
            for (ReaderGroup group : readerGroups) {
                if (groups.committed(group.groupId(), topic).values().stream().filter(o -> o > 0).count()
                        < partitions) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Findings findings(FaultCluster cluster) throws Exception {
        try {
            producer.stop();
            producer.throwIfFailed();
            Map<Integer, Long> ends = groups.endOffsets(topic);
            await("the readers catching up with the topic's end", CATCH_UP_TIMEOUT,
                    () -> readerGroups.stream().allMatch(g -> g.ledger().caughtUp(ends)));
            StringBuilder table = new StringBuilder(ReaderResult.header());
            List<String> failures = new ArrayList<>();
            for (ReaderGroup group : readerGroups) {
                stop(group, ends.size());
                ReaderResult result = group.ledger().result(group.label(), ends,
                        groups.committed(group.groupId(), topic), killedAtNanos);
                table.append('\n').append(result.row());
                failures.addAll(result.failures());
            }
            return new Findings(table.toString(), failures);
        } finally {
            producer.stop();
            for (ReaderGroup group : readerGroups) {
                for (FailoverReader reader : group.readers()) {
                    reader.stop();
                }
            }
            groups.close();
            cluster.worker(victim).start();
            cluster.awaitEveryGatewayReady(RECOVERY_TIMEOUT);
        }
    }

    /**
     * Closes the group's sockets one by one, the reconnected one first: the one left takes its partitions over, which
     * it had held already between the kill and the reconnection, and must not commit them back to where it had
     * stopped then. The last socket's commit happens as its consumer closes, after the socket closed: waited for.
     */
    private void stop(ReaderGroup group, int partitions) throws Exception {
        List<FailoverReader> readers = group.readers();
        for (int i = 0; i < readers.size(); i++) {
            readers.get(i).stop();
            readers.get(i).throwIfFailed();
            if (i < readers.size() - 1) {
                groups.awaitSoleMember(group.groupId(), partitions, CATCH_UP_TIMEOUT);
            }
        }
        groups.awaitEmpty(group.groupId(), CATCH_UP_TIMEOUT);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
