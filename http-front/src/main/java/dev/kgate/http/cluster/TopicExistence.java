package dev.kgate.http.cluster;

import dev.kgate.http.access.Operation;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.Principal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether a topic must exist before the front takes messages for it. Without the check, Connect's producer waits
 * for the metadata of a missing topic without limit and the task stalls; the check turns that into a clear 4xx.
 * Switched off where Connect's {@code topic.creation.*} or the broker creates topics on first write; even then, a
 * write to a missing topic is refused unless its principal is granted {@code create} on it, since creating topics is a
 * permission of its own.
 */
public final class TopicExistence {

    /** The answer of one check. */
    public enum Verdict { EXISTS, MISSING, CANNOT_CHECK }

    private final KafkaView kafka;
    private final boolean required;
    private final Permissions permissions;

    /** No principal may create topics. */
    public TopicExistence(KafkaView kafka, boolean required) {
        this(kafka, required, Permissions.none());
    }

    /** @param permissions who may create a topic by writing to it, where {@code required} is false */
    public TopicExistence(KafkaView kafka, boolean required, Permissions permissions) {
        this.kafka = kafka;
        this.required = required;
        this.permissions = permissions;
    }

    /** For a reader: completes at once for a cached or unchecked topic; never completes exceptionally. */
    public CompletionStage<Verdict> check(String topic) {
        return required ? lookUp(topic) : CompletableFuture.completedFuture(Verdict.EXISTS);
    }

    /** For a writer: a missing topic is {@link Verdict#MISSING} unless the writer may create it. */
    public CompletionStage<Verdict> checkForWriting(String topic, Principal writer) {
        if (!required && permissions.permits(writer, Operation.CREATE, topic)) {
            return CompletableFuture.completedFuture(Verdict.EXISTS);
        }
        return lookUp(topic);
    }

    private CompletionStage<Verdict> lookUp(String topic) {
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
