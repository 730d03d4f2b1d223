package dev.kgate.bench.faults;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateways a load balancer in front of the workers routes clients to. A worker that crashes or restarts stays in
 * service (clients find out by its refusals, as behind a balancer whose health check has not yet noticed); a worker
 * added to the cluster is added here, as an operator scaling out would do. Clients read the list at each new message
 * (a socket client when it reconnects), so a change moves some of them at once, as with source affinity.
 */
final class LoadBalancer {

    private volatile List<URI> inService = List.of();

    /** The gateways in service now; a new list after each change, so clients can tell that it changed. */
    List<URI> inService() {
        return inService;
    }

    synchronized void add(URI gateway) {
        List<URI> changed = new ArrayList<>(inService);
        changed.add(gateway);
        inService = List.copyOf(changed);
    }

    /** The gateway a client's affinity picks in this list of gateways in service. */
    static URI home(List<URI> inService, int client) {
        return inService.get(client % inService.size());
    }

    /** Where a client goes when {@code gateway} refuses it: the next in service. */
    URI next(URI gateway) {
        List<URI> now = inService;
        return now.get((now.indexOf(gateway) + 1) % now.size());
    }
}
