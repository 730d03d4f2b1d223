package dev.kgate.http.topic;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kgate.http.access.Authorizer;
import dev.kgate.http.access.Operation;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.Principal;
import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.route.StationRules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Station names come from request paths and query strings: any text is a legal Kafka topic name or refused with a
 * reason that does not echo it, and the pipeline's authorization lets through only legal names the policy allows
 * (and never Kafka's internal {@code __*} topics): 400 for an illegal name, 403 for a closed one.
 */
class TopicNamesFuzzTest {

    /** Kafka's rule, written independently: 1 to 249 of [a-zA-Z0-9._-], but not "." or "..". */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static final Set<String> REASONS = Set.of("the topic name is empty",
            "the topic name cannot be '.' or '..'", "the topic name is longer than 249 characters",
            "the topic name may contain only ASCII letters, digits, '.', '_' and '-'");

    private static final List<TopicPolicy> POLICIES = List.of(
            new TopicPolicy(Set.of("orders", "a.b_c-d"), Pattern.compile("events-[a-z]+")),
            new TopicPolicy(Set.of(), Pattern.compile(".*")),
            new TopicPolicy(Set.of("orders"), null),
            new TopicPolicy(Set.of(), null));

    /** A principal granted every write: only the name and the policy decide. */
    private static final Principal WRITER = Principal.user("writer", 0);
    private static final Permissions EVERY_WRITE = Permissions.parse(List.of("writer=write:*"), List.of());

    /** @return why the pipeline refuses a write to {@code name} under {@code policy}, or null when it lets it through */
    static Refusal refusal(TopicPolicy policy, String name) {
        try {
            new Authorizer(EVERY_WRITE, policy, policy, new StationRules(List.of()))
                    .authorize(WRITER, Operation.WRITE, name, "station");
            return null;
        } catch (Refusal refusal) {
            return refusal;
        }
    }

    @FuzzTest
    void station(byte[] input) {
        String name = new String(input, StandardCharsets.UTF_8);
        boolean legal = LEGAL.matcher(name).matches() && !name.equals(".") && !name.equals("..");
        String invalid = TopicNames.invalidReason(name);
        assertEquals(legal, invalid == null, "legal name '" + name + "' judged: " + invalid);
        if (invalid != null) {
            assertTrue(REASONS.contains(invalid), "the reason does not echo the name: " + invalid);
        }
        for (TopicPolicy policy : POLICIES) {
            Refusal refusal = refusal(policy, name);
            if (refusal == null) {
                assertTrue(legal && policy.permits(name), "let through: " + name);
            } else if (!legal) {
                assertEquals(400, refusal.status());
                assertEquals("Invalid station name: " + invalid, refusal.getMessage());
            } else {
                assertEquals(403, refusal.status());
                assertFalse(policy.permits(name) && !name.startsWith("__"), "refused: " + name);
            }
        }
        assertNull(TopicNames.invalidReason("orders"));
    }
}
