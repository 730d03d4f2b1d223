package dev.kgate.http.pipeline;

import dev.kgate.http.access.Operation;
import dev.kgate.http.access.WebhookPrincipals;

import java.util.List;

/**
 * What the pipeline checks before a route runs: whose API it belongs to (the shape of its refusals), whether it needs
 * a principal at all, what that principal must be allowed to do, and whether a request without credentials may get in
 * as a webhook.
 *
 * @param noun     what the API calls a topic in refusals ("station", "topic")
 * @param webhooks where requests without credentials get in as webhooks; only a route that checks their signature
 *                 before it queues anything may offer one
 */
public record RouteSpec(ApiShape shape, boolean authenticated, String noun, List<Check> checks,
                        WebhookPrincipals webhooks) {

    /** One permission the principal needs: the operation on the name the request carries. */
    public record Check(Operation operation, NameSource name) {
    }

    /** No credentials needed: liveness, the login routes, public schemas. */
    public static RouteSpec open(ApiShape shape) {
        return new RouteSpec(shape, false, "topic", List.of(), WebhookPrincipals.NONE);
    }

    /** A principal, allowed to do each of {@code checks}. */
    public static RouteSpec guarded(ApiShape shape, String noun, Check... checks) {
        return new RouteSpec(shape, true, noun, List.of(checks), WebhookPrincipals.NONE);
    }

    /** This spec, letting requests without credentials in as the webhooks {@code webhooks} finds. */
    public RouteSpec withWebhooks(WebhookPrincipals webhooks) {
        return new RouteSpec(shape, authenticated, noun, checks, webhooks);
    }

    public static Check check(Operation operation, NameSource name) {
        return new Check(operation, name);
    }
}
