package dev.kgate.connect.session;

import dev.kgate.http.ws.SocketSessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private static final Comparator<Entry> LOG_ORDER = Comparator.comparingLong(Entry::firstOffset);

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
     * Replays the same client's earlier live claims in log order, each deciding as it would have: only the claims
     * that held their place count against this one. A refused claim stays in the log until its worker gives it back;
     * counting it would refuse the next claim for a socket that never opened.
     *
     * @return why the claim {@code id} (already read) loses to an earlier live one, or null when it holds its place
     */
    String refusal(String id, long nowMs) {
        Entry mine = claims.get(id);
        if (mine == null) {
            return "the session was given back before it was decided";
        }
        List<Entry> holders = new ArrayList<>();
        for (Entry rival : earlierRivals(id, mine, nowMs)) {
            if (refusalAmong(holders, rival.claim()) == null) {
                holders.add(rival);
            }
        }
        return refusalAmong(holders, mine.claim());
    }

    /** The live claims of the same client and kind (producer or consumer) before {@code mine}, in log order. */
    private List<Entry> earlierRivals(String id, Entry mine, long nowMs) {
        List<Entry> rivals = new ArrayList<>();
        for (String otherId : idsByClient.getOrDefault(mine.claim().clientId(), Set.of())) {
            Entry other = claims.get(otherId);
            if (!otherId.equals(id) && other.firstOffset() < mine.firstOffset()
                    && other.renewedAtMs() + ttlMs >= nowMs && other.claim().producer() == mine.claim().producer()) {
                rivals.add(other);
            }
        }
        rivals.sort(LOG_ORDER);
        return rivals;
    }

    /** @return why {@code claim} loses to the claims that hold their places before it, or null */
    private String refusalAmong(List<Entry> holders, SocketSessions.Claim claim) {
        for (Entry holder : holders) {
            if (!claim.producer()) {
                if (Objects.equals(holder.claim().groupId(), claim.groupId())) {
                    return "clientId '" + claim.clientId() + "' is already connected in group '" + claim.groupId()
                            + "'";
                }
            } else if (Objects.equals(holder.claim().instanceId(), claim.instanceId())) {
                return claim.instanceId() == null
                        ? "clientId '" + claim.clientId() + "' is already connected: another socket of the same"
                        + " client needs its own instanceId"
                        : "clientId '" + claim.clientId() + "' with instanceId '" + claim.instanceId()
                        + "' is already connected";
            }
        }
        if (claim.producer() && maxPerClient > 0 && holders.size() >= maxPerClient) {
            return "clientId '" + claim.clientId() + "' already holds " + holders.size() + " socket(s), the most one"
                    + " client may";
        }
        return null;
    }

    int size() {
        return claims.size();
    }
}
