package dev.kgate.connect.session;

import dev.kgate.http.ws.SocketSessions;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

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
    private final long ttlMs;
    private final int maxPerClient;

    /** @param maxPerClient producer sockets one clientId may hold; 0 for no limit */
    SessionTable(long ttlMs, int maxPerClient) {
        this.ttlMs = ttlMs;
        this.maxPerClient = maxPerClient;
    }

    /** A record read from the log; {@code claim} null for a tombstone. */
    void read(String id, SocketSessions.Claim claim, long offset, long timestampMs) {
        if (claim == null) {
            claims.remove(id);
            return;
        }
        Entry known = claims.get(id);
        claims.put(id, new Entry(claim, known == null ? offset : known.firstOffset(), timestampMs));
    }

    /** @return why the claim {@code id} (already read) loses to an earlier live one, or null when it holds its place */
    String refusal(String id, long nowMs) {
        Entry mine = claims.get(id);
        if (mine == null) {
            return "the session was given back before it was decided";
        }
        SocketSessions.Claim claim = mine.claim();
        int sameClient = 0;
        for (Map.Entry<String, Entry> other : claims.entrySet()) {
            Entry entry = other.getValue();
            if (other.getKey().equals(id) || entry.firstOffset() > mine.firstOffset()
                    || entry.renewedAtMs() + ttlMs < nowMs || !entry.claim().clientId().equals(claim.clientId())
                    || entry.claim().producer() != claim.producer()) {
                continue;
            }
            if (!claim.producer()) {
                if (Objects.equals(entry.claim().groupId(), claim.groupId())) {
                    return "clientId '" + claim.clientId() + "' is already connected in group '" + claim.groupId()
                            + "'";
                }
                continue;
            }
            if (Objects.equals(entry.claim().instanceId(), claim.instanceId())) {
                return claim.instanceId() == null
                        ? "clientId '" + claim.clientId() + "' is already connected: another socket of the same"
                        + " client needs its own instanceId"
                        : "clientId '" + claim.clientId() + "' with instanceId '" + claim.instanceId()
                        + "' is already connected";
            }
            sameClient++;
        }
        if (claim.producer() && maxPerClient > 0 && sameClient >= maxPerClient) {
            return "clientId '" + claim.clientId() + "' already holds " + sameClient + " socket(s), the most one"
                    + " client may";
        }
        return null;
    }

    int size() {
        return claims.size();
    }
}
