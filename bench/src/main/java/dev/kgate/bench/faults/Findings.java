package dev.kgate.bench.faults;

import java.util.List;

/** A scenario's own checks beyond the load's ledger: a small table, and the checks that failed (failing the suite). */
record Findings(String table, List<String> failures) {

    static final Findings NONE = new Findings("", List.of());

    boolean isEmpty() {
        return table.isEmpty();
    }
}
