package dev.kgate.connect.config;

import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.CertificateNameRules;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.Principal;
import dev.kgate.http.access.PrincipalLimits;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The access keys: who besides users gets in (API keys, anonymous requests), and what each principal may do. */
final class AccessOptions {

    static final String ACCESS_GROUP = "Access: principals and permissions";

    static final String ACCESS_GRANTS_CONFIG = "access.grants";
    private static final String ACCESS_GRANTS_DOC = "What each principal may do, comma-separated entries"
            + " principal=operation:pattern. Operations: write (REST produce routes, /socket/in), create (a missing"
            + " topic may be created by writing to it, where topics.must.exist=false), read (/socket/out),"
            + " group (the consumer group /socket/out joins), describe (only describe:cluster, for"
            + " /kafka/cluster/info). A pattern is a name or a glob with * (orders, orders-*, *). The principal is a"
            + " user, an API key's name, cert:name for a client certificate (see http.tls.principal.mapping.rules),"
            + " * for every authenticated principal, or anonymous for requests without"
            + " credentials (see access.anonymous.enabled). Nothing is allowed unless granted, and a grant never opens"
            + " a topic that topics.allowed* (writing) or out.topics.allowed* (reading) keeps closed.";
    private static final String ACCESS_GRANTS_DISPLAY = "Grants";

    static final String ACCESS_ANONYMOUS_CONFIG = "access.anonymous.enabled";
    private static final String ACCESS_ANONYMOUS_DOC = "Serve requests that carry no credentials as the principal"
            + " 'anonymous', with what access.grants grants to it; otherwise they get 401. Wrong credentials are"
            + " always 401.";
    private static final String ACCESS_ANONYMOUS_DISPLAY = "Anonymous access";

    static final String ACCESS_INTERNAL_TOPICS_CONFIG = "access.internal.topics";
    private static final String ACCESS_INTERNAL_TOPICS_DOC = "Topics no grant opens, names or globs, besides"
            + " Kafka's own __* which are always closed. Name your Connect workers' config.storage.topic,"
            + " offset.storage.topic and status.storage.topic here if they are not the defaults listed.";
    private static final List<String> ACCESS_INTERNAL_TOPICS_DEFAULT = List.of("connect-configs", "connect-offsets",
            "connect-status", "_schemas", "_confluent-*");
    private static final String ACCESS_INTERNAL_TOPICS_DISPLAY = "Internal topics";

    static final String AUTH_API_KEYS_CONFIG = "auth.api.keys";
    private static final String AUTH_API_KEYS_DOC = "API keys for tools that cannot log in, comma-separated"
            + " name=sha256:<digest> entries; only the key's digest is configured (make a key and its entry with"
            + " dev.kgate.http.access.ApiKeys <name>). A key is accepted as Authorization: Bearer <key>, as the"
            + " password of Basic credentials, or in auth.api.key.header; its name is the principal that grants"
            + " name. Remove an entry to revoke the key. A password type, so ${file:...} config providers work.";
    private static final String AUTH_API_KEYS_DISPLAY = "API keys";

    static final String AUTH_API_KEY_HEADER_CONFIG = "auth.api.key.header";
    private static final String AUTH_API_KEY_HEADER_DOC = "A request header that may carry an API key (for example"
            + " X-API-Key), for tools that can send only a fixed header; empty for none.";
    private static final String AUTH_API_KEY_HEADER_DISPLAY = "API key header";

    static final String LIMITS_REQUESTS_CONFIG = "limits.principal.requests.per.second";
    private static final String LIMITS_REQUESTS_DOC = "Writes one principal may make per second (a REST produce"
            + " request or a /socket/in message each), with bursts of one second's worth; beyond, 429 with"
            + " Retry-After (an error frame on a socket) and nothing written. 0 for no limit. Each task counts on"
            + " its own.";
    private static final String LIMITS_REQUESTS_DISPLAY = "Writes per second per principal";

    static final String LIMITS_BYTES_CONFIG = "limits.principal.bytes.per.second";
    private static final String LIMITS_BYTES_DOC = "Body or message bytes one principal may write per second, as"
            + " limits.principal.requests.per.second; at least http.max.body.bytes. 0 for no limit.";
    private static final String LIMITS_BYTES_DISPLAY = "Bytes per second per principal";

    static final String LIMITS_SOCKETS_CONFIG = "limits.principal.sockets";
    private static final String LIMITS_SOCKETS_DOC = "WebSockets (/socket/in and /socket/out) one principal may hold"
            + " open on one task; beyond, the upgrade gets 429. 0 for no limit.";
    private static final String LIMITS_SOCKETS_DISPLAY = "Sockets per principal";

    private AccessOptions() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ACCESS_GRANTS_CONFIG, Type.LIST, "", Importance.HIGH, ACCESS_GRANTS_DOC, ACCESS_GROUP, ++order,
                        Width.LONG, ACCESS_GRANTS_DISPLAY)
                .define(ACCESS_ANONYMOUS_CONFIG, Type.BOOLEAN, false, Importance.HIGH, ACCESS_ANONYMOUS_DOC,
                        ACCESS_GROUP, ++order, Width.SHORT, ACCESS_ANONYMOUS_DISPLAY)
                .define(ACCESS_INTERNAL_TOPICS_CONFIG, Type.LIST, ACCESS_INTERNAL_TOPICS_DEFAULT, Importance.MEDIUM,
                        ACCESS_INTERNAL_TOPICS_DOC, ACCESS_GROUP, ++order, Width.LONG, ACCESS_INTERNAL_TOPICS_DISPLAY)
                .define(AUTH_API_KEYS_CONFIG, Type.PASSWORD, "", Importance.HIGH, AUTH_API_KEYS_DOC, ACCESS_GROUP,
                        ++order, Width.LONG, AUTH_API_KEYS_DISPLAY)
                .define(AUTH_API_KEY_HEADER_CONFIG, Type.STRING, "", Importance.MEDIUM, AUTH_API_KEY_HEADER_DOC,
                        ACCESS_GROUP, ++order, Width.SHORT, AUTH_API_KEY_HEADER_DISPLAY)
                .define(LIMITS_REQUESTS_CONFIG, Type.DOUBLE, 0.0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        LIMITS_REQUESTS_DOC, ACCESS_GROUP, ++order, Width.SHORT, LIMITS_REQUESTS_DISPLAY)
                .define(LIMITS_BYTES_CONFIG, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        LIMITS_BYTES_DOC, ACCESS_GROUP, ++order, Width.SHORT, LIMITS_BYTES_DISPLAY)
                .define(LIMITS_SOCKETS_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        LIMITS_SOCKETS_DOC, ACCESS_GROUP, ++order, Width.SHORT, LIMITS_SOCKETS_DISPLAY);
    }

    /** @throws IllegalArgumentException naming the entry at fault (never a digest) */
    static AccessSettings settings(AbstractConfig config) {
        String header = config.getString(AUTH_API_KEY_HEADER_CONFIG).trim();
        return new AccessSettings(permissions(config), apiKeys(config), header.isEmpty() ? null : header,
                config.getBoolean(ACCESS_ANONYMOUS_CONFIG), new PrincipalLimits(config.getDouble(LIMITS_REQUESTS_CONFIG),
                config.getLong(LIMITS_BYTES_CONFIG), config.getInt(LIMITS_SOCKETS_CONFIG), System::nanoTime),
                TlsOptions.certificatePrincipals(config));
    }

    /** The grants; the sessions topic, when sessions are on, is internal like the configured ones. */
    static Permissions permissions(AbstractConfig config) {
        List<String> internal = new java.util.ArrayList<>(config.getList(ACCESS_INTERNAL_TOPICS_CONFIG));
        if (config.getBoolean(SessionOptions.SESSIONS_ENABLED_CONFIG)) {
            internal.add(SessionOptions.topic(config, config.originals()));
        }
        return Permissions.parse(config.getList(ACCESS_GRANTS_CONFIG), internal);
    }

    static ApiKeys apiKeys(AbstractConfig config) {
        Password keys = config.getPassword(AUTH_API_KEYS_CONFIG);
        return ApiKeys.parse(keys == null ? List.of() : Arrays.asList(keys.value().split(",")));
    }

    /**
     * @param users    the configured users' names (none when users are switched off)
     * @param webhooks whether some station lets requests in on their signature alone, needing no grant
     * @return a problem, attached to the key named first; null when there is none
     */
    static String[] problem(AbstractConfig config, Set<String> users, boolean webhooks) {
        long bytesPerSecond = config.getLong(LIMITS_BYTES_CONFIG);
        int maxBody = config.getInt(HttpGatewayConfig.HTTP_MAX_BODY_BYTES_CONFIG);
        if (bytesPerSecond > 0 && bytesPerSecond < maxBody) {
            return new String[]{LIMITS_BYTES_CONFIG, "smaller than " + HttpGatewayConfig.HTTP_MAX_BODY_BYTES_CONFIG
                    + " (" + maxBody + "): a body the gateway accepts could never pass"};
        }
        ApiKeys keys;
        try {
            keys = apiKeys(config);
        } catch (IllegalArgumentException e) {
            return new String[]{AUTH_API_KEYS_CONFIG, e.getMessage()};
        }
        try {
            permissions(config);
        } catch (IllegalArgumentException e) {
            return new String[]{ACCESS_GRANTS_CONFIG, e.getMessage()};
        }
        if (!webhooks && config.getList(ACCESS_GRANTS_CONFIG).stream().allMatch(String::isBlank)) {
            return new String[]{ACCESS_GRANTS_CONFIG, "nothing is granted to anyone: every request would be refused"};
        }
        Set<String> principals = new HashSet<>(users);
        for (String key : keys.names()) {
            if (!principals.add(key)) {
                return new String[]{AUTH_API_KEYS_CONFIG, "API key '" + key + "' has the name of a user: a grant"
                        + " could not tell them apart"};
            }
        }
        for (String reserved : List.of(Principal.ANONYMOUS_NAME, Permissions.EVERY_PRINCIPAL)) {
            if (principals.contains(reserved)) {
                return new String[]{users.contains(reserved) ? HttpGatewayConfig.AUTH_USERS_CONFIG
                        : AUTH_API_KEYS_CONFIG, "'" + reserved + "' is reserved for grants; name the principal"
                        + " otherwise"};
            }
        }
        for (String name : principals) {
            if (name.startsWith(Principal.CERTIFICATE_PREFIX)) {
                return new String[]{users.contains(name) ? HttpGatewayConfig.AUTH_USERS_CONFIG : AUTH_API_KEYS_CONFIG,
                        "'" + name + "': names starting with " + Principal.CERTIFICATE_PREFIX + " are kept for client"
                        + " certificates; name the principal otherwise"};
            }
        }
        boolean certificates = TlsOptions.certificatesAccepted(config);
        if (principals.isEmpty() && !config.getBoolean(ACCESS_ANONYMOUS_CONFIG) && !webhooks && !certificates) {
            return new String[]{ACCESS_ANONYMOUS_CONFIG, "no user, no API key, no client certificates, no station"
                    + " taking signed webhooks alone, and anonymous access is off: no request could get in"};
        }
        principals.add(Permissions.EVERY_PRINCIPAL);
        principals.add(Principal.ANONYMOUS_NAME);
        for (String grant : config.getList(ACCESS_GRANTS_CONFIG)) {
            String principal = grant.contains("=") ? grant.substring(0, grant.indexOf('=')).trim() : "";
            String problem = principal.startsWith(Principal.CERTIFICATE_PREFIX)
                    ? certificatePrincipalProblem(principal, certificates)
                    : principal.isEmpty() || principals.contains(principal) ? null
                    : "which is neither a configured user nor an API key";
            if (problem != null) {
                return new String[]{ACCESS_GRANTS_CONFIG, "grant '" + grant.trim() + "' names '" + principal + "', "
                        + problem};
            }
        }
        return null;
    }

    /**
     * Certificates are not known in advance: any {@code cert:} name a mapping rule could give is accepted, where
     * the listener asks for client certificates at all.
     */
    private static String certificatePrincipalProblem(String principal, boolean certificatesAccepted) {
        if (!certificatesAccepted) {
            return "a client certificate, but " + TlsOptions.CLIENT_AUTH_CONFIG + " is none (or TLS is off): no"
                    + " request can have that principal";
        }
        String reason = CertificateNameRules.invalidNameReason(
                principal.substring(Principal.CERTIFICATE_PREFIX.length()));
        return reason == null ? null : "which no certificate can have: " + reason;
    }
}
