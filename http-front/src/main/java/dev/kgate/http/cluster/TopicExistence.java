package dev.kgate.http.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether a topic must exist before the front takes messages for it. Without the check, Connect's producer waits
 * for the metadata of a missing topic without limit and the task stalls; the check turns that into a clear 4xx.
 * Switched off where Connect's {@code topic.creation.*} or the broker creates topics on first write.
 */
public final class TopicExistence {

    /** The answer of one check. */
    public enum Verdict { EXISTS, MISSING, CANNOT_CHECK }

    private final KafkaView kafka;
    private final boolean required;

    public TopicExistence(KafkaView kafka, boolean required) {
        this.kafka = kafka;
        this.required = required;
    }

    /** Completes at once for a cached or unchecked topic; never completes exceptionally. */
    public CompletionStage<Verdict> check(String topic) {
        if (!required) {
            return CompletableFuture.completedFuture(Verdict.EXISTS);
        }
        return kafka.topicExists(topic).handle((exists, failure) -> failure != null ? Verdict.CANNOT_CHECK
                : exists ? Verdict.EXISTS : Verdict.MISSING);
    }

    public static String missing(String topic) {
        return "Topic '" + topic + "' does not exist";
    }

    public static String cannotCheck(String topic) {
        return "Cannot reach Kafka to check that topic '" + topic + "' exists: nothing written, retry later";
    }
}
