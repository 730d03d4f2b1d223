package dev.kgate.http.testing;

import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.cluster.BrokerInfo;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.RecordSink;
import dev.kgate.http.ws.out.TopicReader;
import dev.kgate.http.ws.out.TopicReaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/** The pieces of a gateway on a real listener without Kafka, for tests of the front alone. */
public final class TestGateways {

    private TestGateways() {
    }

    /** Acknowledges every message at once, with increasing offsets. */
    public static final class AckingSink implements MessageSink {
        private final AtomicInteger written = new AtomicInteger();

        @Override
        public Offer offer(IngestMessage message) {
            message.startSending();
            message.written(new WriteResult(message.topic(), 0, written.getAndIncrement(), 1L));
            return Offer.ACCEPTED;
        }

        @Override
        public boolean hasRoomFor(long bytes) {
            return true;
        }

        /** Messages acknowledged so far. */
        public int written() {
            return written.get();
        }
    }

    /** Acknowledges every message at once and keeps it, for tests that look at what was written. */
    public static final class CollectingSink implements MessageSink {
        public final List<IngestMessage> written = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Offer offer(IngestMessage message) {
            message.startSending();
            written.add(message);
            message.written(new WriteResult(message.topic(), 0, written.size() - 1, 1L));
            return Offer.ACCEPTED;
        }

        @Override
        public boolean hasRoomFor(long bytes) {
            return true;
        }
    }

    /** A cluster where every topic exists, with the given {@code max.message.bytes} per topic. */
    public static class ExistingTopics implements KafkaView {
        private final ToIntFunction<String> maxMessageBytes;

        public ExistingTopics() {
            this(topic -> Integer.MAX_VALUE);
        }

        public ExistingTopics(ToIntFunction<String> maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public CompletionStage<Boolean> topicExists(String topic) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public int topicMaxMessageBytes(String topic) {
            return maxMessageBytes.applyAsInt(topic);
        }

        @Override
        public CompletionStage<List<BrokerInfo>> brokers() {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    /**
     * Every principal may do everything (within the topic policies), as these tests are about other things.
     *
     * @param anonymousAllowed whether requests without credentials get in
     */
    public static AccessSettings everyoneMay(boolean anonymousAllowed) {
        List<String> grants = List.of("*=write:*", "*=read:*", "*=group:*", "*=describe:cluster",
                "anonymous=write:*", "anonymous=read:*", "anonymous=group:*", "anonymous=describe:cluster");
        return new AccessSettings(Permissions.parse(grants, List.of()), ApiKeys.none(), null, anonymousAllowed);
    }

    /** A reader of a topic that never has records. */
    public static final class EmptyTopic implements TopicReader {
        @Override
        public void start(RecordSink sink) {
        }

        @Override
        public void commit(int partition, long offset, String messageId) {
        }

        @Override
        public boolean owns(int partition) {
            return false;
        }

        @Override
        public void wake() {
        }

        @Override
        public void close() {
        }
    }

    /** A task's routes with authentication off, 100 messages in flight per socket, and no topic open for reading. */
    public static Gateway openGateway(IngestSettings ingest, KafkaView kafka, MessageSink sink) {
        return Gateway.create(new GatewaySettings(ingest, null, everyoneMay(true), kafka, 100, InSocketSettings.BytesOnly.NEITHER,
                new TopicPolicy(Set.of(), null), (parameters, credentials) -> {
                    throw new TopicReaders.Refusal(403, "no reading here");
                }), sink);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
