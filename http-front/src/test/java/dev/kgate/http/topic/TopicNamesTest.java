package dev.kgate.http.topic;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicNamesTest {

    @Test
    void acceptsKafkaLegalNames() {
        for (String name : new String[]{"orders", "a.b_c-d", "X1", "x".repeat(249)}) {
            assertNull(TopicNames.invalidReason(name), name);
        }
    }

    @Test
    void refusesIllegalNames() {
        for (String name : new String[]{"", ".", "..", "x".repeat(250), "a b", "café", "a/b", "a:b", "a\nb", null}) {
            assertNotNull(TopicNames.invalidReason(name), String.valueOf(name));
        }
    }

    @Test
    void policyAllowsListedNamesAndWholePatternMatchesOnly() {
        TopicPolicy policy = new TopicPolicy(Set.of("exact"), Pattern.compile("events-.*"));
        assertTrue(policy.permits("exact"));
        assertTrue(policy.permits("events-1"));
        assertFalse(policy.permits("exact2"));
        assertFalse(policy.permits("my-events-1"), "the pattern must match the whole name");
        assertNull(TopicNamesFuzzTest.refusal(policy, "events-x"));
        assertNotNull(TopicNamesFuzzTest.refusal(policy, "other"));
        assertNotNull(TopicNamesFuzzTest.refusal(policy, "events-a b"));
    }

    @Test
    void emptyPolicyAllowsNothing() {
        assertFalse(new TopicPolicy(Set.of(), null).permits("anything"));
    }
}
