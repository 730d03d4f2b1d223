package dev.kgate.http.pipeline;

import dev.kgate.http.access.Operation;

import java.util.List;

/**
 * What the pipeline checks before a route runs: whose API it belongs to (the shape of its refusals), whether it needs
 * a principal at all, and what that principal must be allowed to do.
 *
 * @param noun what the API calls a topic in refusals ("station", "topic")
 */
public record RouteSpec(ApiShape shape, boolean authenticated, String noun, List<Check> checks) {

    /** One permission the principal needs: the operation on the name the request carries. */
    public record Check(Operation operation, NameSource name) {
    }

    /** No credentials needed: liveness, the login routes, public schemas. */
    public static RouteSpec open(ApiShape shape) {
        return new RouteSpec(shape, false, "topic", List.of());
    }

    /** A principal, allowed to do each of {@code checks}. */
    public static RouteSpec guarded(ApiShape shape, String noun, Check... checks) {
        return new RouteSpec(shape, true, noun, List.of(checks));
    }

    public static Check check(Operation operation, NameSource name) {
        return new Check(operation, name);
    }
}
