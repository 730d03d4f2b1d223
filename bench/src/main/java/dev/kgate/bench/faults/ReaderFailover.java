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
 * rate), and two readers of it, one with {@code autoCommit=true} and one committing by itself, on the gateway of the
 * worker that is then killed with SIGKILL. Each sees its socket die and reconnects to the other gateway with the same
 * clientId and groupId; it is refused (409) until its dead consumer's session times out, then it must resume at the
 * offsets its group had committed and read on to the end of the topic: no committed record delivered again, no
 * offset skipped. The REST load runs meanwhile on the scenario's topic as in every scenario. Afterwards the killed
 * worker is started again.
 */
final class ReaderFailover implements Fault {

    private static final int BACKLOG = 1_000;
    private static final int RECORDS_PER_SECOND = 300;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final int victim;
    private final List<FailoverReader> readers = new ArrayList<>();
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
        // Under the connector's "faults-*" grants, as are the group names.
        topic = loadTopic + "-read";
        cluster.createTopic(topic);
        groups = new GroupView();
        producer = new SteadyProducer(topic, RECORDS_PER_SECOND);
        producer.start(BACKLOG);
        List<URI> gateways = new ArrayList<>(cluster.gateways());
        Collections.rotate(gateways, -victim);
        readers.add(new FailoverReader(gateways, topic, "reader-auto", topic + "-auto-commit", true, groups));
        readers.add(new FailoverReader(gateways, topic, "reader-manual", topic + "-client-commits", false, groups));
        readers.forEach(FailoverReader::start);
    }

    @Override
    public void inject(FaultCluster cluster) throws Exception {
        // Without commits on every partition before the kill there would be nothing to resume from.
        await("every reader's group committing on every partition", RECOVERY_TIMEOUT, this::everyPartitionCommitted);
        killedAtNanos = System.nanoTime();
        cluster.worker(victim).kill9();
        await("the readers reading again on the other gateway", RECOVERY_TIMEOUT,
                () -> readers.stream().allMatch(r -> r.ledger().readingAgain()));
    }

    private boolean everyPartitionCommitted() {
        try {
            int partitions = groups.endOffsets(topic).size();
            for (FailoverReader reader : readers) {
                if (groups.committed(reader.groupId(), topic).values().stream().filter(o -> o > 0).count()
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
                    () -> readers.stream().allMatch(r -> r.ledger().caughtUp(ends)));
            StringBuilder table = new StringBuilder(ReaderResult.header());
            List<String> failures = new ArrayList<>();
            for (FailoverReader reader : readers) {
                reader.stop();
                reader.throwIfFailed();
                // The last socket's commit happens as its consumer closes, after the socket's close: wait for it.
                groups.awaitEmpty(reader.groupId(), CATCH_UP_TIMEOUT);
                ReaderResult result = reader.ledger().result(
                        reader.autoCommit() ? "autoCommit=true" : "autoCommit=false, commits every 100 ms", ends,
                        groups.committed(reader.groupId(), topic), killedAtNanos);
                table.append('\n').append(result.row());
                failures.addAll(result.failures());
            }
            return new Findings(table.toString(), failures);
        } finally {
            producer.stop();
            for (FailoverReader reader : readers) {
                reader.stop();
            }
            groups.close();
            cluster.worker(victim).start();
            cluster.awaitEveryGatewayReady(RECOVERY_TIMEOUT);
        }
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
