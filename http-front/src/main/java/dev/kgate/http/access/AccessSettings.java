package dev.kgate.http.access;

/**
 * Who gets in besides the users (API keys, client certificates, anonymous requests), and what each principal may do.
 *
 * @param permissions      the grants, and the topics no grant opens
 * @param apiKeys          the configured API keys (digests only)
 * @param apiKeyHeader     a header that may carry an API key (for tools that can set one fixed header); null for none
 * @param anonymousAllowed whether a request without credentials is served as {@link Principal#ANONYMOUS} (with the
 *                         grants of {@code anonymous}) instead of being refused 401
 * @param limits           how fast each principal may write, and how many sockets it may hold
 * @param certificates     names the holders of verified client certificates (mutual TLS); {@code NONE} without
 */
public record AccessSettings(Permissions permissions, ApiKeys apiKeys, String apiKeyHeader,
                             boolean anonymousAllowed, PrincipalLimits limits, CertificatePrincipals certificates) {

    /** Without client certificates. */
    public AccessSettings(Permissions permissions, ApiKeys apiKeys, String apiKeyHeader, boolean anonymousAllowed,
                          PrincipalLimits limits) {
        this(permissions, apiKeys, apiKeyHeader, anonymousAllowed, limits, CertificatePrincipals.NONE);
    }

    /** Without limits per principal, nor client certificates. */
    public AccessSettings(Permissions permissions, ApiKeys apiKeys, String apiKeyHeader, boolean anonymousAllowed) {
        this(permissions, apiKeys, apiKeyHeader, anonymousAllowed, PrincipalLimits.NONE);
    }
}
