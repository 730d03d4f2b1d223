package dev.kgate.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fault-injection suite ({@code bench/faults}): a broker and two Connect workers as separate processes (a third
 * joins in the last scenario), the gateway connector on them, REST and {@code /socket/in} clients posting
 * without pause, and one fault per scenario under that load. For each it
 * prints what the clients were told against what the topic holds, and exits 1 if any acknowledged message is not
 * where its acknowledgement said, or a scenario's own checks fail (a {@code /socket/out} reader's, say). Usage:
 * {@code FaultSuite <run dir> <classpath for the stack> [--short] [--only <part of a scenario's name>]}.
 */
public final class FaultSuite {

    private static final int WORKERS = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int SOCKET_WINDOW = 4;

    private final FaultCluster cluster;
    private final boolean shortRun;
    private final ClientLog clientLog;
    /** Runs only the scenarios whose name contains this (--only); all when empty. */
    private final String only;

    private FaultSuite(FaultCluster cluster, boolean shortRun, ClientLog clientLog, String only) {
        this.cluster = cluster;
        this.shortRun = shortRun;
        this.clientLog = clientLog;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        boolean shortRun = List.of(args).contains("--short");
        int onlyAt = List.of(args).indexOf("--only");
        String only = onlyAt >= 0 ? args[onlyAt + 1] : "";
        Files.createDirectories(runDir);
        int failures;
        try (FaultCluster cluster = new FaultCluster(WORKERS, runDir, args[1]);
             ClientLog clientLog = new ClientLog(runDir.resolve("clients.log"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(StackProcess::killAll, "kill-stack"));
            long start = System.nanoTime();
            cluster.start();
            Files.writeString(runDir.resolve("pids"), StackProcess.pids());
            System.out.printf("broker and %d workers started in %.1f s (logs in %s)%n", WORKERS,
                    (System.nanoTime() - start) / 1e9, runDir);
            failures = new FaultSuite(cluster, shortRun, clientLog, only).runAll(runDir);
            System.out.printf("suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private Map<String, Fault> scenarios() {
        Map<String, Fault> scenarios = new LinkedHashMap<>();
        scenarios.put("worker killed (kill -9)", c -> c.worker(1).kill9());
        scenarios.put("worker joins (the killed one restarts: rebalance)", c -> {
            c.worker(1).start();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        scenarios.put("worker stopped gracefully (SIGTERM), restarted", c -> {
            c.worker(1).stopGracefully();
            Thread.sleep(3_000);
            c.worker(1).start();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        scenarios.put("broker killed (kill -9), restarted after 10 s", c -> {
            c.broker().kill9();
            Thread.sleep(10_000);
            c.broker().start();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        int outage = shortRun ? 10 : 30;
        // The network, not the broker: the proxy between the workers and the broker resets every connection and
        // every new one for the outage, or holds every byte without closing anything (only timeouts notice); the
        // broker and its data stay as they were.
        scenarios.put("broker unreachable " + outage + " s (TCP proxy resets connections)",
                brokerUnreachable(outage, TcpProxy::drop));
        scenarios.put("broker unreachable " + outage + " s (TCP proxy stalls traffic)",
                brokerUnreachable(outage, TcpProxy::stall));
        scenarios.put("connector config updated (a listener setting)", c -> {
            c.rest().putConfig(c.updatedConfig());
            Thread.sleep(1_000);
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        scenarios.put("connector paused 5 s, resumed", c -> {
            c.rest().pause();
            Thread.sleep(5_000);
            c.rest().resume();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        scenarios.put("connector restarted (includeTasks=true)", c -> {
            c.rest().restartWithTasks();
            Thread.sleep(1_000);
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        });
        scenarios.put("/socket/out readers' worker killed (kill -9), restarted after", new ReaderFailover(1));
        // Scale-out, as an operator would: the new worker's gateway enters the balancer once its /ready proves that a
        // task moved onto it. Last, so that every scenario before it runs on the same two workers.
        scenarios.put("a third worker joins the two (a task moves onto it)", c -> {
            c.addWorker().start();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
            c.loadBalancer().add(c.gateway(WORKERS));
        });
        return scenarios;
    }

    private static Fault brokerUnreachable(int seconds, Consumer<TcpProxy> cut) {
        return c -> {
            cut.accept(c.proxy());
            Thread.sleep(seconds * 1000L);
            c.proxy().restore();
            c.awaitEveryGatewayReady(READY_TIMEOUT);
        };
    }

    private int runAll(Path runDir) throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> findingTables = new ArrayList<>();
        int failures = 0;
        int index = 0;
        for (Map.Entry<String, Fault> scenario : scenarios().entrySet()) {
            String topic = "faults-" + (++index);
            if (!scenario.getKey().contains(only)) {
                continue;
            }
            System.out.println("== " + scenario.getKey() + " (topic " + topic + ")");
            clientLog.log("== " + scenario.getKey() + " (topic " + topic + ")");
            try {
                ScenarioResult result = run(scenario.getKey(), topic, scenario.getValue());
                rows.add(result.row());
                System.out.println(ScenarioResult.header().lines().findFirst().orElseThrow());
                System.out.println(result.row());
                if (result.ackedButMissing() > 0) {
                    failures++;
                    System.out.println("ACKNOWLEDGED BUT MISSING: " + result.missingExamples());
                }
            } catch (Exception e) {
                failures++;
                rows.add("| " + scenario.getKey() + " | failed: " + String.valueOf(e.getMessage()).replace('\n', ' ')
                        + " | | | | | | | | | | |");
                System.out.println("FAILED: " + e);
            }
            failures += reportFindings(scenario.getValue(), findingTables);
            Files.writeString(runDir.resolve("pids"), StackProcess.pids());
        }
        System.out.println();
        System.out.printf("Fault suite %s (%s): %d workers and a broker as separate processes, %s%n",
                LocalDate.now(), shortRun ? "--short" : "full", WORKERS, loadDescription());
        System.out.println();
        System.out.println(ScenarioResult.header());
        rows.forEach(System.out::println);
        findingTables.forEach(table -> System.out.println("\n" + table));
        return failures;
    }

    /** Prints a scenario's own findings under its row; each failed check counts as a failure of the suite. */
    private int reportFindings(Fault fault, List<String> tables) {
        try {
            Findings findings = fault.findings(cluster);
            if (!findings.isEmpty()) {
                System.out.println(findings.table());
                tables.add(findings.table());
            }
            findings.failures().forEach(failure -> System.out.println("CHECK FAILED: " + failure));
            return findings.failures().size();
        } catch (Exception e) {
            System.out.println("FAILED: " + e);
            return 1;
        }
    }

    private String loadDescription() {
        return String.format("%d tasks; %d REST clients posting single messages with Idempotency-Key and %d"
                        + " /socket/in clients keeping %d frames in flight with idempotencyKey, %d s before each fault"
                        + " and %d s after it", FaultCluster.TASKS, restClients(), socketClients(), SOCKET_WINDOW,
                warmupSeconds(), afterSeconds());
    }

    private int restClients() {
        return shortRun ? 6 : 8;
    }

    private int socketClients() {
        return shortRun ? 2 : 4;
    }

    private int warmupSeconds() {
        return shortRun ? 3 : 10;
    }

    private int afterSeconds() {
        return shortRun ? 12 : 60;
    }

    private ScenarioResult run(String name, String topic, Fault fault) throws Exception {
        cluster.createTopic(topic);
        cluster.awaitEveryGatewayReady(READY_TIMEOUT);
        fault.watch(cluster, topic);
        ScenarioLoad load = new ScenarioLoad(cluster.loadBalancer(), topic, restClients(), socketClients(),
                SOCKET_WINDOW, clientLog);
        load.start();
        long faultStart;
        long faultEnd;
        long loadEnd;
        try {
            Thread.sleep(warmupSeconds() * 1000L);
            faultStart = System.nanoTime();
            fault.inject(cluster);
            faultEnd = System.nanoTime();
            Thread.sleep(afterSeconds() * 1000L);
            loadEnd = System.nanoTime();
        } finally {
            load.stopAndAwait();   // a failed fault must not leave its clients posting into the next scenario
        }
        TopicAudit audit = TopicAudit.read(topic);
        return ScenarioResult.of(name, load.ledger(), audit, faultStart, faultEnd, loadEnd, load.ackTimes());
    }
}
