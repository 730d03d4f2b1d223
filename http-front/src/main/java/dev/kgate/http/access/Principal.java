package dev.kgate.http.access;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Who a request authenticated as: a configured user, an API key, or the anonymous principal (only where configured).
 * Users and API keys share one namespace of names, which is what grants name.
 *
 * @param expiresAtMillis when the credential stops being valid (an access token's expiry); 0 when it does not expire
 */
public record Principal(String name, Kind kind, long expiresAtMillis) {

    /** The name grants use for requests that carry no credentials, where anonymous access is configured. */
    public static final String ANONYMOUS_NAME = "anonymous";
    public static final Principal ANONYMOUS = new Principal(ANONYMOUS_NAME, Kind.ANONYMOUS, 0);

    private static final AttachmentKey<Principal> ATTACHMENT = AttachmentKey.create(Principal.class);

    public enum Kind { USER, API_KEY, ANONYMOUS }

    public static Principal user(String name, long expiresAtMillis) {
        return new Principal(name, Kind.USER, expiresAtMillis);
    }

    public static Principal apiKey(String name) {
        return new Principal(name, Kind.API_KEY, 0);
    }

    public boolean expires() {
        return expiresAtMillis > 0;
    }

    public boolean anonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** @return the name to record as the writer of a message ({@code headers.user}); null for anonymous requests */
    public String recordedName() {
        return anonymous() ? null : name;
    }

    /** @return who the pipeline authenticated; never null behind the authentication step */
    public static Principal of(HttpServerExchange exchange) {
        Principal principal = exchange.getAttachment(ATTACHMENT);
        if (principal == null) {
            throw new IllegalStateException("route " + exchange.getRequestPath() + " is not behind authentication");
        }
        return principal;
    }

    /** @return who the pipeline authenticated, or null (an open route, or refused before) */
    public static Principal find(HttpServerExchange exchange) {
        return exchange.getAttachment(ATTACHMENT);
    }

    public void attachTo(HttpServerExchange exchange) {
        exchange.putAttachment(ATTACHMENT, this);
    }
}
