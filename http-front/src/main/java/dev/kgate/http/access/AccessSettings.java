package dev.kgate.http.access;

/**
 * Who gets in besides the users, and what each principal may do.
 *
 * @param permissions      the grants, and the topics no grant opens
 * @param apiKeys          the configured API keys (digests only)
 * @param apiKeyHeader     a header that may carry an API key (for tools that can set one fixed header); null for none
 * @param anonymousAllowed whether a request without credentials is served as {@link Principal#ANONYMOUS} (with the
 *                         grants of {@code anonymous}) instead of being refused 401
 */
public record AccessSettings(Permissions permissions, ApiKeys apiKeys, String apiKeyHeader,
                             boolean anonymousAllowed) {

    /** Requests without credentials get whatever is granted to {@code anonymous}; no API keys. */
    public static AccessSettings anonymous(Permissions permissions) {
        return new AccessSettings(permissions, ApiKeys.none(), null, true);
    }
}
