package dev.kgate.http.pipeline;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.Collection;
import java.util.List;

/**
 * The CORS and {@code Origin} step, in front of every route. A preflight is answered here, without credentials and
 * without reaching a route. Any other request that carries an {@code Origin} is served only from an allowed origin,
 * and refused 403 otherwise before authentication: a browser attaches cached Basic credentials to a cross-site
 * "simple" POST and to a WebSocket handshake, so such a request must not be served whatever the page can read of
 * the answer. Requests without {@code Origin} (curl, services, webhooks) pass through.
 *
 * <p>Where the listener serves a page of its own (the console), requests from that page's origin, the listener's
 * own {@code scheme://Host}, pass too, without CORS headers (same-origin requests need none). A page behind a proxy
 * that terminates TLS or rewrites {@code Host} has another origin than the listener sees: that one must be listed.
 */
public final class CorsHandler implements HttpHandler {

    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");

    private static final String VARY_PREFLIGHT =
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final CorsPolicy policy;
    private final boolean ownOrigin;
    private final HttpHandler next;

    public CorsHandler(CorsPolicy policy, HttpHandler next) {
        this(policy, false, next);
    }

    /** @param ownOrigin whether pages of the listener's own origin (the console) are served besides the policy's */
    public CorsHandler(CorsPolicy policy, boolean ownOrigin, HttpHandler next) {
        this.policy = policy;
        this.ownOrigin = ownOrigin;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap request = exchange.getRequestHeaders();
        HeaderMap response = exchange.getResponseHeaders();
        HeaderValues origin = request.get(Headers.ORIGIN);
        boolean preflight = origin != null && request.contains(REQUEST_METHOD)
                && exchange.getRequestMethod().equals(Methods.OPTIONS);
        // Answers differ by Origin, so caches must tell them apart even when there is none.
        response.add(Headers.VARY, preflight ? VARY_PREFLIGHT : Headers.ORIGIN_STRING);
        if (origin == null || ownOrigin && !preflight && fromOwnOrigin(exchange, origin)) {
            next.handleRequest(exchange);
            return;
        }
        try {
            String allowOrigin = policy.allowOrigin(origin);
            if (preflight) {
                policy.checkPreflight(request.get(REQUEST_METHOD), valuesOf(request.get(REQUEST_HEADERS)));
            }
            response.put(ALLOW_ORIGIN, allowOrigin);
            if (policy.allowCredentials()) {
                response.put(ALLOW_CREDENTIALS, "true");
            }
        } catch (Refusal refusal) {
            ApiShape.ofPath(exchange.getRequestPath()).refuse(exchange, refusal);
            return;
        }
        if (preflight) {
            response.put(ALLOW_METHODS, policy.allowMethods());
            response.put(ALLOW_HEADERS, policy.allowHeaders());
            response.put(MAX_AGE, policy.maxAge());
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        if (policy.exposeHeaders() != null) {
            response.put(EXPOSE_HEADERS, policy.exposeHeaders());
        }
        next.handleRequest(exchange);
    }

    /**
     * Whether {@code Origin} is the listener's own origin as this request reached it: the scheme it came in on and
     * its {@code Host} (browsers leave a default port out of both).
     */
    private static boolean fromOwnOrigin(HttpServerExchange exchange, HeaderValues origin) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return origin.size() == 1 && host != null
                && origin.getFirst().equalsIgnoreCase(exchange.getRequestScheme() + "://" + host);
    }

    private static Collection<String> valuesOf(HeaderValues values) {
        return values == null ? List.of() : values;
    }
}
