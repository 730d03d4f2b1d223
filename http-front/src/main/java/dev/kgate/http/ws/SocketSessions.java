package dev.kgate.http.ws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The WebSocket proxy's client sessions, held for every worker of the connector at once: a socket claims its place
 * before the upgrade and gives it back when it closes. The connector keeps them in Kafka, so that two sockets racing
 * on two workers cannot both get in.
 */
public interface SocketSessions {

    /** Sessions are not tracked: every claim succeeds. */
    SocketSessions NONE = claim -> CompletableFuture.completedFuture(() -> { });

    /**
     * A place to claim: a {@code /socket/in} producer ({@code clientId}, {@code instanceId}) or a {@code /socket/out}
     * consumer ({@code clientId} in {@code groupId}).
     *
     * @param instanceId the producer's instance, null when it gave none; null for consumers
     * @param groupId    the consumer's group; null for producers
     */
    record Claim(String clientId, String instanceId, String groupId) {

        public static Claim producer(String clientId, String instanceId) {
            return new Claim(clientId, instanceId, null);
        }

        public static Claim consumer(String clientId, String groupId) {
            return new Claim(clientId, null, groupId);
        }

        public boolean producer() {
            return groupId == null;
        }
    }

    /** A claimed place; closing gives it back (safe to call twice). */
    interface Session extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Blocks for a round trip to Kafka: call it off the I/O threads.
     *
     * @return completes with the session, or exceptionally with a {@link dev.kgate.http.pipeline.Refusal} (409 when
     *         the place is taken, 503 when the sessions cannot be checked now)
     */
    CompletionStage<Session> claim(Claim claim);
}
