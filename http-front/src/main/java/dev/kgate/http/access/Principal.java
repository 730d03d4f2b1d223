package dev.kgate.http.access;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Who a request authenticated as: a configured user, an API key, a client certificate (with mutual TLS), the
 * anonymous principal (only where configured), or a webhook. Users and API keys share one namespace of names, which is
 * what grants name; a certificate's principal is named {@value #CERTIFICATE_PREFIX}{@code <name>}, so that no
 * certificate can pass for a user or a key; a webhook is named {@code webhook:<rule>} after its station rule, apart
 * from theirs (limits count per name), and no grant applies to it.
 *
 * @param expiresAtMillis when the credential stops being valid (an access token's expiry); 0 when it does not expire
 */
public record Principal(String name, Kind kind, long expiresAtMillis) {

    /** The name grants use for requests that carry no credentials, where anonymous access is configured. */
    public static final String ANONYMOUS_NAME = "anonymous";
    public static final Principal ANONYMOUS = new Principal(ANONYMOUS_NAME, Kind.ANONYMOUS, 0);

    /** Names of certificate principals start with this; users and API keys may not. */
    public static final String CERTIFICATE_PREFIX = "cert:";

    private static final AttachmentKey<Principal> ATTACHMENT = AttachmentKey.create(Principal.class);

    public enum Kind { USER, API_KEY, CERTIFICATE, ANONYMOUS, WEBHOOK }

    private static final String WEBHOOK_PREFIX = "webhook:";

    public static Principal user(String name, long expiresAtMillis) {
        return new Principal(name, Kind.USER, expiresAtMillis);
    }

    public static Principal apiKey(String name) {
        return new Principal(name, Kind.API_KEY, 0);
    }

    /** @param name what the certificate's subject maps to, without the prefix */
    public static Principal certificate(String name) {
        return new Principal(CERTIFICATE_PREFIX + name, Kind.CERTIFICATE, 0);
    }

    /**
     * A request without credentials to a station whose rule lets a signature alone in. Provisional: it may reach only
     * the produce routes of that rule's stations, which check the signature before anything is queued.
     */
    public static Principal webhook(String rule) {
        return new Principal(WEBHOOK_PREFIX + rule, Kind.WEBHOOK, 0);
    }

    public boolean webhook() {
        return kind == Kind.WEBHOOK;
    }

    /** @return the station rule a webhook is named after; null for every other principal */
    public String webhookRule() {
        return webhook() ? name.substring(WEBHOOK_PREFIX.length()) : null;
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
