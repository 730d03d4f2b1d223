package dev.kgate.http.console;

import dev.kgate.http.apidocs.StaticDocument;
import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.GuardedRoutes;
import dev.kgate.http.pipeline.RouteSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The console ({@code http.console.enabled}): a page to try the gateway from a browser. It logs in with
 * {@code /auth/authenticate}, posts to {@code /stations/{station}/produce/single} and watches a topic over
 * {@code /socket/out}, as any client of those routes does, holding the token in memory only. Plain files beside this
 * class, no build step, nothing loaded from elsewhere: it works offline, from this listener's own origin.
 *
 * <p>The files are routes like any other, open (the page is no secret; what it calls is guarded as always) and
 * described in {@code openapi.json}, so that the check that every route is documented keeps holding.
 */
public final class ConsoleRoutes {

    public static final String PAGE_PATH = "/console/";
    /**
     * Revalidated on every load (a 304 by its {@code ETag} costs no body): after an upgrade of the plugin, the page
     * and its script never come from two versions.
     */
    static final String CACHE_CONTROL = "no-cache";

    private static final RouteSpec OPEN = RouteSpec.open(ApiShape.WEBSOCKET_PROXY);

    private ConsoleRoutes() {
    }

    /** @param login whether users are on: the page then asks to log in first */
    public static void addTo(GuardedRoutes routes, boolean login) {
        routes.get("/console", OPEN, ConsoleRoutes::toPage)
                .get(PAGE_PATH, OPEN, new PageHeaders(Files.INDEX))
                .get(PAGE_PATH + "app.js", OPEN, new PageHeaders(Files.SCRIPT))
                .get(PAGE_PATH + "style.css", OPEN, new PageHeaders(Files.STYLE))
                .get(PAGE_PATH + "settings.json", OPEN, new PageHeaders(login ? Files.LOGIN : Files.NO_LOGIN));
    }

    /** {@code /console} to {@code /console/}, where the page's relative links resolve; relative, for proxies too. */
    private static void toPage(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.LOCATION, "console/");
        exchange.setStatusCode(302);
        exchange.endExchange();
    }

    /** Read once per class loader, when the first console starts. */
    private static final class Files {
        static final StaticDocument INDEX = file("index.html", "text/html; charset=utf-8");
        static final StaticDocument SCRIPT = file("app.js", "text/javascript; charset=utf-8");
        static final StaticDocument STYLE = file("style.css", "text/css; charset=utf-8");
        static final StaticDocument LOGIN = settings(true);
        static final StaticDocument NO_LOGIN = settings(false);

        private static StaticDocument file(String name, String contentType) {
            return StaticDocument.of(ConsoleRoutes.class, name, contentType, CACHE_CONTROL);
        }

        private static StaticDocument settings(boolean login) {
            return StaticDocument.of(("{\"login\":" + login + "}").getBytes(StandardCharsets.UTF_8),
                    "application/json", CACHE_CONTROL);
        }
    }
}
