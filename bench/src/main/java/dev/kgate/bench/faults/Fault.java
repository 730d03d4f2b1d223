package dev.kgate.bench.faults;

/** What a scenario does to the running cluster while the clients post; returns once the fault is over. */
@FunctionalInterface
interface Fault {
    void inject(FaultCluster cluster) throws Exception;
}
