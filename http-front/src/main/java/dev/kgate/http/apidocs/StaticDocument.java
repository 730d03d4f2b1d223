package dev.kgate.http.apidocs;

import dev.kgate.http.util.Sha256;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A document that never changes while the plugin is loaded (an API description, a page of the console), answered
 * from memory on the I/O thread. It changes only with a new plugin version, so caches may keep it as its
 * {@code Cache-Control} says and then revalidate it by its {@code ETag} (a 304 costs no body).
 */
public final class StaticDocument implements HttpHandler {

    /** The API descriptions: a few minutes in any cache. */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final byte[] body;
    private final String contentType;
    private final String cacheControl;
    private final String etag;

    private StaticDocument(byte[] body, String contentType, String cacheControl) {
        this.body = body;
        this.contentType = contentType;
        this.cacheControl = cacheControl;
        this.etag = "\"" + HexFormat.of().formatHex(Sha256.of(body), 0, 16) + "\"";
    }

    /** An API description: JSON, cacheable for {@link #CACHE_CONTROL}. */
    static StaticDocument of(Class<?> owner, String resource) {
        return of(owner, resource, "application/json", CACHE_CONTROL);
    }

    /** @throws IllegalStateException when the resource is missing: a broken build, not a runtime condition */
    public static StaticDocument of(Class<?> owner, String resource, String contentType, String cacheControl) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + resource + " is missing beside " + owner.getName());
            }
            return new StaticDocument(in.readAllBytes(), contentType, cacheControl);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the resource " + resource, e);
        }
    }

    /** A document made in code once, when the gateway starts. */
    public static StaticDocument of(byte[] body, String contentType, String cacheControl) {
        return new StaticDocument(body.clone(), contentType, cacheControl);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.ETAG, etag).put(Headers.CACHE_CONTROL, cacheControl);
        if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH))) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Whether the client's copy is this one: {@code If-None-Match} names our tag (weakly or not), or is {@code *}. */
    private boolean matches(HeaderValues ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
                String trimmed = tag.trim();
                if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
