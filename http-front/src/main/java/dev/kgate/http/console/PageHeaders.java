package dev.kgate.http.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * The headers of every console answer. The page holds an access token, so it runs only its own script and style
 * (no inline code, nothing from another site: an injected script could not run nor send the token away except to
 * this gateway), cannot be framed by another site (clickjacking), sends no {@code Referer}, and its files are never
 * read as another type than the one they are served as. Images may be {@code data:} URLs (the page's empty icon,
 * which spares the browser a request for {@code /favicon.ico}); an image runs no code.
 */
final class PageHeaders implements HttpHandler {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    /** For browsers older than {@code frame-ancestors}. */
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    private final HttpHandler file;

    PageHeaders(HttpHandler file) {
        this.file = file;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(CSP, CONTENT_SECURITY_POLICY)
                .put(NOSNIFF, "nosniff")
                .put(REFERRER_POLICY, "no-referrer")
                .put(FRAME_OPTIONS, "DENY");
        file.handleRequest(exchange);
    }
}
