package dev.kgate.connect.kafka;

import dev.kgate.http.cluster.BrokerInfo;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.util.Causes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The front's view of the cluster through one Admin client. Topic answers are cached: an existing topic for a
 * minute (the hot path costs a map lookup), a missing one for two seconds (so a topic created meanwhile is soon
 * found), a failed check not at all. Concurrent checks of one topic share one request. An existing topic's
 * {@code max.message.bytes} is read with it.
 */
public final class AdminKafkaView implements KafkaView {

    static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final long EXISTS_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MISSING_TTL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    /** How long the readiness route's "Kafka answers" holds: probes from every load balancer share one request. */
    private static final long REACHABLE_TTL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Admin admin;
    private final ConcurrentHashMap<String, Lookup> topics = new ConcurrentHashMap<>();
    private final AtomicReference<Lookup> reachable = new AtomicReference<>();

    /** One topic's answer, pending or known, and until when it holds. */
    private static final class Lookup {
        final CompletableFuture<Boolean> answer = new CompletableFuture<>();
        volatile long validUntilNanos = Long.MAX_VALUE;
        volatile int maxMessageBytes = Integer.MAX_VALUE;

        boolean valid(long now) {
            return validUntilNanos - now > 0;
        }
    }

    public AdminKafkaView(Admin admin) {
        this.admin = admin;
    }

    /** The client behind the view, for the task's own uses of it (topic readers, sessions). */
    public Admin admin() {
        return admin;
    }

    @Override
    public CompletionStage<Boolean> topicExists(String topic) {
        long now = System.nanoTime();
        Lookup cached = topics.get(topic);
        if (cached != null && cached.valid(now)) {
            return cached.answer;
        }
        Lookup fresh = new Lookup();
        Lookup current = topics.compute(topic, (name, old) -> old != null && old.valid(now) ? old : fresh);
        if (current == fresh) {
            describe(topic, fresh);
        }
        return current.answer;
    }

    private void describe(String topic, Lookup lookup) {
        admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(REQUEST_TIMEOUT_MS))
                .allTopicNames().toCompletionStage().whenComplete((descriptions, failure) -> {
                    Throwable cause = Causes.unwrap(failure);
                    if (cause == null) {
                        lookup.validUntilNanos = System.nanoTime() + EXISTS_TTL_NANOS;
                        readMaxMessageBytes(topic, lookup);
                    } else if (cause instanceof UnknownTopicOrPartitionException) {
                        lookup.validUntilNanos = System.nanoTime() + MISSING_TTL_NANOS;
                        lookup.answer.complete(false);
                    } else {
                        topics.remove(topic, lookup);
                        lookup.answer.completeExceptionally(cause);
                    }
                });
    }

    /**
     * Completes the existence answer once the topic's record size limit is known too, so that the first message
     * to a topic is already checked against it; a topic whose configs may not be described keeps no limit of its
     * own (the producer's still applies).
     */
    private void readMaxMessageBytes(String topic, Lookup lookup) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(REQUEST_TIMEOUT_MS))
                .all().toCompletionStage().whenComplete((configs, failure) -> {
                    ConfigEntry entry = failure == null ? configs.get(resource).get(MAX_MESSAGE_BYTES) : null;
                    if (entry != null && entry.value() != null) {
                        try {
                            lookup.maxMessageBytes = Integer.parseInt(entry.value());
                        } catch (NumberFormatException e) {
                            // Not a size: leave the producer's limit alone in charge.
                        }
                    }
                    lookup.answer.complete(true);
                });
    }

    @Override
    public int topicMaxMessageBytes(String topic) {
        Lookup cached = topics.get(topic);
        return cached == null ? Integer.MAX_VALUE : cached.maxMessageBytes;
    }

    /** Cached for two seconds after it is known; a pending answer is shared. A failure answers false. */
    @Override
    public CompletionStage<Boolean> reachable() {
        long now = System.nanoTime();
        Lookup cached = reachable.get();
        if (cached != null && cached.valid(now)) {
            return cached.answer;
        }
        Lookup fresh = new Lookup();
        if (!reachable.compareAndSet(cached, fresh)) {
            return reachable.get().answer;
        }
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MS)).nodes()
                .whenComplete((nodes, error) -> {
                    fresh.validUntilNanos = System.nanoTime() + REACHABLE_TTL_NANOS;
                    fresh.answer.complete(error == null && !nodes.isEmpty());
                });
        return fresh.answer;
    }

    @Override
    public CompletionStage<List<BrokerInfo>> brokers() {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MS)).nodes()
                .toCompletionStage()
                .thenApply(nodes -> nodes.stream()
                        .map(node -> new BrokerInfo(node.id(), node.host(), node.port(), node.rack()))
                        .sorted(java.util.Comparator.comparingInt(BrokerInfo::id))
                        .toList());
    }
}
