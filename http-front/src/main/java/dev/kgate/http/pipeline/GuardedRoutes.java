package dev.kgate.http.pipeline;

import dev.kgate.http.access.Authenticator;
import dev.kgate.http.access.Authorizer;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The only way routes are added: each goes behind authentication and authorization as its {@link RouteSpec} says, in
 * that order, so adding a route cannot skip them and nothing about a topic is looked at before the caller is known.
 */
public final class GuardedRoutes {

    /** A route as it was added: its method and path template ({@code /stations/{station}/produce/single}). */
    public record Route(String method, String template) {
    }

    private final RoutingHandler routes;
    private final List<Route> added = new ArrayList<>();
    private final Authenticator authenticator;
    private final Authorizer authorizer;

    public GuardedRoutes(RoutingHandler routes, Authenticator authenticator, Authorizer authorizer) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    public GuardedRoutes get(String template, RouteSpec spec, HttpHandler route) {
        routes.get(template, guard(spec, route));
        added.add(new Route("GET", template));
        return this;
    }

    public GuardedRoutes post(String template, RouteSpec spec, HttpHandler route) {
        routes.post(template, guard(spec, route));
        added.add(new Route("POST", template));
        return this;
    }

    /** Every route added so far: what the gateway really serves, which its API descriptions must match. */
    public List<Route> added() {
        return List.copyOf(added);
    }

    private HttpHandler guard(RouteSpec spec, HttpHandler route) {
        if (!spec.authenticated()) {
            return route;
        }
        return new AuthenticationHandler(spec, authenticator,
                new AuthorizationHandler(spec, authorizer, route));
    }
}
