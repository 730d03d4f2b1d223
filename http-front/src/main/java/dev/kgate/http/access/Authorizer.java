package dev.kgate.http.access;

import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicNames;
import dev.kgate.http.topic.TopicPolicy;

/**
 * Decides principal × name × operation: the name must be a legal topic name (400), open through this connector at
 * all ({@code topics.allowed*} for writing, {@code out.topics.allowed*} for reading: 403), and granted to the
 * principal (403). A webhook has no grants: it may write to the stations of its own rule, and to nothing else.
 */
public final class Authorizer {

    private final Permissions permissions;
    private final TopicPolicy writable;
    private final TopicPolicy readable;
    private final StationRules rules;

    public Authorizer(Permissions permissions, TopicPolicy writable, TopicPolicy readable, StationRules rules) {
        this.permissions = permissions;
        this.writable = writable;
        this.readable = readable;
        this.rules = rules;
    }

    /**
     * @param noun what the route's API calls a topic ("station", "topic"), for the refusal's wording
     * @throws Refusal when the principal may not
     */
    public void authorize(Principal principal, Operation operation, String name, String noun) {
        if (operation == Operation.WRITE || operation == Operation.READ) {
            String invalid = TopicNames.invalidReason(name);
            if (invalid != null) {
                throw new Refusal(400, "Invalid " + noun + " name: " + invalid);
            }
            TopicPolicy open = operation == Operation.WRITE ? writable : readable;
            if (!open.permits(name)) {
                throw new Refusal(403, capitalized(noun) + " '" + name + "' is not open for "
                        + (operation == Operation.WRITE ? "writing" : "reading") + " through this gateway");
            }
        }
        if (principal.webhook() && operation == Operation.WRITE && !permissions.internal(name)
                && ownStation(principal, name)) {
            return;
        }
        String refusal = permissions.refusal(principal, operation, name);
        if (refusal != null) {
            throw new Refusal(403, refusal);
        }
    }

    /** Whether the rule that applies to {@code station} is the webhook's own (and still lets a signature alone in). */
    private boolean ownStation(Principal webhook, String station) {
        StationRule rule = rules.firstMatch(station);
        return rule.name().equals(webhook.webhookRule()) && rule.signatureSuffices();
    }

    private static String capitalized(String noun) {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
