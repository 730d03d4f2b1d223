package dev.kgate.http.rest;

import dev.kgate.http.topic.TopicPolicy;

/**
 * What one task's routes need to know: who may write where, how big a body may be, and how long a client waits
 * for Kafka's acknowledgement.
 */
public record IngestSettings(TopicPolicy topicPolicy, int maxBodyBytes, long ackTimeoutMs, int retryAfterSeconds) {
}
