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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A JSON document that never changes while the plugin is loaded, answered from memory on the I/O thread. It changes
 * only with a new plugin version, so caches may keep it a few minutes and then revalidate it by its {@code ETag}
 * (a 304 costs no body).
 */
final class StaticDocument implements HttpHandler {

    static final String CACHE_CONTROL = "public, max-age=300";

    private final byte[] json;
    private final String etag;

    private StaticDocument(byte[] json) {
        this.json = json;
        this.etag = "\"" + HexFormat.of().formatHex(Sha256.of(new String(json, StandardCharsets.UTF_8)), 0, 16)
                + "\"";
    }

    /** @throws IllegalStateException when the resource is missing: a broken build, not a runtime condition */
    static StaticDocument of(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + resource + " is missing beside " + owner.getName());
            }
            return new StaticDocument(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the resource " + resource, e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.ETAG, etag).put(Headers.CACHE_CONTROL, CACHE_CONTROL);
        if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH))) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(json));
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
