package dev.kgate.http.cluster;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the front may ask the Kafka cluster, answered without blocking. The connector implements it with one Admin
 * client per listener; the front never sees a Kafka class.
 */
public interface KafkaView {

    /**
     * @return true when the topic exists, false when the cluster says it does not; completes exceptionally when the
     *         cluster cannot be asked. Answers are cached, so a known topic costs a map lookup.
     */
    CompletionStage<Boolean> topicExists(String topic);

    /**
     * The topic's {@code max.message.bytes} as last seen with its existence, without blocking;
     * {@link Integer#MAX_VALUE} when not known (not checked yet, or not allowed to describe its configs).
     */
    default int topicMaxMessageBytes(String topic) {
        return Integer.MAX_VALUE;
    }

    /** The brokers of the cluster, as the Admin client sees them. */
    CompletionStage<List<BrokerInfo>> brokers();

    /**
     * Whether the cluster answers, for the readiness route: implementations cache the answer for a moment, so
     * frequent probes do not each reach Kafka.
     */
    default CompletionStage<Boolean> reachable() {
        return brokers().thenApply(brokers -> !brokers.isEmpty());
    }
}
