package dev.kgate.connect.session;

import dev.kgate.http.ws.SocketSessions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The live claims as read from the sessions topic, in log order, and the rule that decides between them: of the
 * claims for the same place, the one earlier in the log wins. Every worker reads the same log, so every worker decides
 * the same way, whichever worker a socket came to. A claim not renewed within the time to live is dead (its worker
 * stopped without giving it back). Not thread-safe: the owner synchronizes.
 */
final class SessionTable {

    /** A claim, where it first appeared in the log, and when it was last renewed (the writer's clock). */
    private record Entry(SocketSessions.Claim claim, long firstOffset, long renewedAtMs) {
    }

    private final Map<String, Entry> claims = new HashMap<>();
    /** Claim ids by clientId: a decision only weighs the same client's claims, however many sockets there are. */
    private final Map<String, Set<String>> idsByClient = new HashMap<>();
    private final long ttlMs;
    private final int maxPerClient;

    /** @param maxPerClient producer sockets one clientId may hold; 0 for no limit */
    SessionTable(long ttlMs, int maxPerClient) {
        this.ttlMs = ttlMs;
        this.maxPerClient = maxPerClient;
    }

    /** A record read from the log; {@code claim} null for a tombstone. */
    void read(String id, SocketSessions.Claim claim, long offset, long timestampMs) {
        Entry known = claim == null ? claims.remove(id) : claims.get(id);
        if (known != null && (claim == null || !known.claim().clientId().equals(claim.clientId()))) {
            forget(known.claim().clientId(), id);
        }
        if (claim != null) {
            claims.put(id, new Entry(claim, known == null ? offset : known.firstOffset(), timestampMs));
            idsByClient.computeIfAbsent(claim.clientId(), client -> new HashSet<>()).add(id);
        }
    }

    private void forget(String clientId, String id) {
        Set<String> ids = idsByClient.get(clientId);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            idsByClient.remove(clientId);
        }
    }

    /**
     * Weighs a claim against the same client's earlier live claims of the same kind. Each producer instance counts
     * once toward the maximum, however many sockets claimed it: a refused duplicate stays in the log until its worker
     * gives it back, and counting it would refuse the next instance for a socket that never opened. (A claim refused
     * for the maximum still counts until it is given back.) The decision depends on the set of earlier claims only,
     * so every worker that read the same log decides the same way.
     *
     * @return why the claim {@code id} (already read) loses to an earlier live one, or null when it holds its place
     */
    String refusal(String id, long nowMs) {
        Entry mine = claims.get(id);
        if (mine == null) {
            return "the session was given back before it was decided";
        }
        SocketSessions.Claim claim = mine.claim();
        Set<String> earlierPlaces = new HashSet<>();
        for (String otherId : idsByClient.getOrDefault(claim.clientId(), Set.of())) {
            Entry other = claims.get(otherId);
            if (!otherId.equals(id) && other.firstOffset() < mine.firstOffset() && other.renewedAtMs() + ttlMs >= nowMs
                    && other.claim().producer() == claim.producer()) {
                earlierPlaces.add(placeOf(other.claim()));
            }
        }
        if (earlierPlaces.contains(placeOf(claim))) {
            return alreadyConnected(claim);
        }
        if (claim.producer() && maxPerClient > 0 && earlierPlaces.size() >= maxPerClient) {
            return "clientId '" + claim.clientId() + "' already holds " + maxPerClient + " socket(s), the most one"
                    + " client may";
        }
        return null;
    }

    /** What two claims of one client must not share: a producer's instanceId, a consumer's group. */
    private static String placeOf(SocketSessions.Claim claim) {
        return claim.producer() ? claim.instanceId() : claim.groupId();
    }

    private static String alreadyConnected(SocketSessions.Claim claim) {
        if (!claim.producer()) {
            return "clientId '" + claim.clientId() + "' is already connected in group '" + claim.groupId() + "'";
        }
        return claim.instanceId() == null
                ? "clientId '" + claim.clientId() + "' is already connected: another socket of the same client needs"
                + " its own instanceId"
                : "clientId '" + claim.clientId() + "' with instanceId '" + claim.instanceId()
                + "' is already connected";
    }

    int size() {
        return claims.size();
    }
}
