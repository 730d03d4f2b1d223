package dev.kgate.http.rest;

import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.RecordSizeLimit;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;

/**
 * What one task's produce routes need to know: who may write where, which topics must exist, what applies per station (schema, key),
 * which headers travel, how big a request may be, and how long a client waits for Kafka's acknowledgement.
 */
public record IngestSettings(TopicPolicy topicPolicy, TopicExistence topics, StationRules rules, HeaderForwarding headers,
                             int maxBodyBytes, int batchMaxElements, long ackTimeoutMs, int retryAfterSeconds,
                             long requestTimeoutMs, RecordSizeLimit recordSizeLimit, IdempotencyKeys idempotency) {

    /** Without a table of idempotency keys of its own: one for this ingest alone, 10 minutes long. */
    public IngestSettings(TopicPolicy topicPolicy, TopicExistence topics, StationRules rules, HeaderForwarding headers,
                          int maxBodyBytes, int batchMaxElements, long ackTimeoutMs, int retryAfterSeconds,
                          long requestTimeoutMs, RecordSizeLimit recordSizeLimit) {
        this(topicPolicy, topics, rules, headers, maxBodyBytes, batchMaxElements, ackTimeoutMs, retryAfterSeconds,
                requestTimeoutMs, recordSizeLimit, new IdempotencyKeys(600_000, 10_000));
    }

    /** Kafka's default record limit and a 30 s body deadline, for tests that do not care. */
    public IngestSettings(TopicPolicy topicPolicy, TopicExistence topics, StationRules rules, HeaderForwarding headers,
                          int maxBodyBytes, int batchMaxElements, long ackTimeoutMs, int retryAfterSeconds) {
        this(topicPolicy, topics, rules, headers, maxBodyBytes, batchMaxElements, ackTimeoutMs, retryAfterSeconds,
                30_000, RecordSizeLimit.kafkaDefault());
    }
}
