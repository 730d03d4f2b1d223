package dev.kgate.http.ws.out;

/** Opens readers; the connector implements it with a Kafka consumer per socket. */
public interface TopicReaders {

    /**
     * Checks the request against the cluster (credentials, ACLs, group membership) and opens a reader. Blocks for a
     * round trip to Kafka: call it off the I/O threads.
     *
     * @throws Refusal with the status and message to answer before the upgrade
     */
    TopicReader open(OutSocketParameters parameters, KafkaCredentials credentials) throws Refusal;

    /** Kafka credentials from {@code X-Kafka-Auth}, for this socket's consumer only. */
    record KafkaCredentials(String username, String password) {
        @Override
        public String toString() {
            return "KafkaCredentials[" + username + ", ****]";
        }
    }

    /** Why a socket cannot be opened, as an HTTP status and a message for the client. */
    final class Refusal extends Exception {
        private final int status;

        public Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
