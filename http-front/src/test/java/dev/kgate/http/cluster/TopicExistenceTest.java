package dev.kgate.http.cluster;

import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.Principal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicExistenceTest {

    /** A cluster where only "orders" exists. */
    private static final KafkaView ONLY_ORDERS = new KafkaView() {
        @Override
        public CompletionStage<Boolean> topicExists(String topic) {
            return CompletableFuture.completedFuture(topic.equals("orders"));
        }

        @Override
        public CompletionStage<List<BrokerInfo>> brokers() {
            return CompletableFuture.completedFuture(List.of());
        }
    };
    private static final Permissions ALICE_CREATES = Permissions.parse(
            List.of("alice=write:*", "alice=create:alice-*", "bob=write:*"), List.of());
    private static final Principal ALICE = Principal.user("alice", 0);
    private static final Principal BOB = Principal.user("bob", 0);

    private static TopicExistence.Verdict verdict(CompletionStage<TopicExistence.Verdict> check) {
        return check.toCompletableFuture().join();
    }

    @Test
    void creatingATopicByWritingToItNeedsTheCreateGrant() {
        TopicExistence mayCreate = new TopicExistence(ONLY_ORDERS, false, ALICE_CREATES);
        assertEquals(TopicExistence.Verdict.EXISTS, verdict(mayCreate.checkForWriting("alice-new", ALICE)));
        assertEquals(TopicExistence.Verdict.MISSING, verdict(mayCreate.checkForWriting("bob-new", ALICE)));
        assertEquals(TopicExistence.Verdict.MISSING, verdict(mayCreate.checkForWriting("alice-new", BOB)));
        assertEquals(TopicExistence.Verdict.EXISTS, verdict(mayCreate.checkForWriting("orders", BOB)));
        // Readers are not checked when topics need not exist, as before.
        assertEquals(TopicExistence.Verdict.EXISTS, verdict(mayCreate.check("anything")));
    }

    @Test
    void whereTopicsMustExistNobodyCreatesThem() {
        TopicExistence mustExist = new TopicExistence(ONLY_ORDERS, true, ALICE_CREATES);
        assertEquals(TopicExistence.Verdict.MISSING, verdict(mustExist.checkForWriting("alice-new", ALICE)));
        assertEquals(TopicExistence.Verdict.MISSING, verdict(mustExist.check("alice-new")));
        assertEquals(TopicExistence.Verdict.EXISTS, verdict(mustExist.checkForWriting("orders", BOB)));
    }
}
