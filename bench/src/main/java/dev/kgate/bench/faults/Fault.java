package dev.kgate.bench.faults;

/** What a scenario does to the running cluster while the clients post; returns once the fault is over. */
@FunctionalInterface
interface Fault {
    void inject(FaultCluster cluster) throws Exception;

    /** Before the load starts on the scenario's topic: starts what the scenario watches beside it (a reader). */
    default void watch(FaultCluster cluster, String topic) throws Exception {
    }

    /** Once the load stopped: what the watching found; may put the cluster back as the next scenario expects it. */
    default Findings findings(FaultCluster cluster) throws Exception {
        return Findings.NONE;
    }
}
