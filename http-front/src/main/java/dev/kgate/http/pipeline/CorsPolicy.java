package dev.kgate.http.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser pages may call the gateway, and what they may send and read: the parsed CORS settings and the
 * decisions {@link CorsHandler} makes with them. Every header value it answers with comes from the configuration,
 * never from the request, so nothing a client sends (CR, LF, a huge value) can reach a response header.
 */
public final class CorsPolicy {

    public static final List<String> DEFAULT_METHODS = List.of("GET", "POST");
    /** What this gateway's clients send: a token or Basic credentials, the body's type and encoding. */
    public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of("Authorization", "Content-Type",
            "Content-Encoding");
    /** Beyond the CORS-safelisted ones: when to retry (429, 503), and which credentials a 401 asks for. */
    public static final List<String> DEFAULT_EXPOSED_HEADERS = List.of("Retry-After", "WWW-Authenticate");
    public static final int DEFAULT_MAX_AGE_SECONDS = 600;

    /** RFC 9110's token: what a method or a header name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Client text quoted in a refusal is cut to this many characters. */
    private static final int QUOTE_MAX_CHARS = 64;

    /** No browser origin allowed: every request that carries an {@code Origin} is refused. */
    public static final CorsPolicy NO_ORIGINS = builder().build();

    private final AllowedOrigins origins;
    private final Set<String> methods;
    /** Lower case: header names are compared without case. */
    private final Set<String> allowedHeaders;
    private final boolean allowCredentials;
    private final String allowMethods;
    private final String allowHeaders;
    /** Null when no header is exposed. */
    private final String exposeHeaders;
    private final String maxAge;

    private CorsPolicy(Builder builder) {
        origins = AllowedOrigins.parse(builder.origins);
        if (origins.any() && builder.allowCredentials) {
            throw new IllegalArgumentException("'*' cannot allow every origin while credentials are allowed:"
                    + " list the origins");
        }
        List<String> methodList = checkNames(builder.methods, "method").stream()
                .map(m -> m.toUpperCase(Locale.ROOT)).distinct().toList();
        Map<String, String> headers = new LinkedHashMap<>();
        checkNames(builder.headers, "request header").forEach(h -> headers.putIfAbsent(h.toLowerCase(Locale.ROOT), h));
        builder.alsoHeaders.stream().filter(h -> TOKEN.matcher(h).matches() && !h.equals("*"))
                .forEach(h -> headers.putIfAbsent(h.toLowerCase(Locale.ROOT), h));
        List<String> exposed = checkNames(builder.exposed, "response header");
        if (builder.maxAgeSeconds < 0) {
            throw new IllegalArgumentException("the preflight max age cannot be negative");
        }
        methods = Set.copyOf(methodList);
        allowedHeaders = Set.copyOf(headers.keySet());
        allowCredentials = builder.allowCredentials;
        allowMethods = String.join(", ", methodList);
        allowHeaders = String.join(", ", headers.values());
        exposeHeaders = exposed.isEmpty() ? null : String.join(", ", exposed);
        maxAge = String.valueOf(builder.maxAgeSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks methods or header names as configured: tokens, and no {@code *}, whose CORS meaning (any, but not
     * {@code Authorization}, and only without credentials) would surprise.
     *
     * @return the names, trimmed
     * @throws IllegalArgumentException naming the entry at fault
     */
    public static List<String> checkNames(Collection<String> names, String what) {
        List<String> checked = new ArrayList<>(names.size());
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.equals("*")) {
                throw new IllegalArgumentException("'*' is not supported: name each " + what);
            }
            if (!TOKEN.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a valid " + what + " name");
            }
            checked.add(trimmed);
        }
        return checked;
    }

    /** @throws IllegalArgumentException naming the entry that is not an origin, or '*' among others */
    public static void checkOrigins(Collection<String> origins) {
        AllowedOrigins.parse(origins);
    }

    /**
     * @param originHeaders every {@code Origin} line of the request (a browser sends one)
     * @return the value of {@code Access-Control-Allow-Origin}
     * @throws Refusal 403 when the origin is not allowed
     */
    public String allowOrigin(Collection<String> originHeaders) {
        String allowed = originHeaders.size() == 1 ? origins.match(originHeaders.iterator().next()) : null;
        if (allowed == null) {
            throw new Refusal(403, "Origin not allowed: this gateway serves browser pages only from its"
                    + " configured origins");
        }
        return allowed;
    }

    /**
     * Checks what a preflight announces.
     *
     * @param requestMethod   the {@code Access-Control-Request-Method} lines
     * @param requestHeaders  the {@code Access-Control-Request-Headers} lines, each a comma-separated list
     * @throws Refusal 403 naming the method or the first header that is not allowed
     */
    public void checkPreflight(Collection<String> requestMethod, Collection<String> requestHeaders) {
        String method = requestMethod.size() == 1 ? requestMethod.iterator().next().trim() : "";
        if (!methods.contains(method)) {
            throw new Refusal(403, "CORS preflight refused: method '" + quote(method) + "' is not allowed");
        }
        for (String line : requestHeaders) {
            for (String name : line.split(",", -1)) {
                String trimmed = name.strip();
                if (!trimmed.isEmpty() && !allowedHeaders.contains(trimmed.toLowerCase(Locale.ROOT))) {
                    throw new Refusal(403, "CORS preflight refused: request header '" + quote(trimmed)
                            + "' is not allowed");
                }
            }
        }
    }

    private static String quote(String clientText) {
        return clientText.length() <= QUOTE_MAX_CHARS ? clientText : clientText.substring(0, QUOTE_MAX_CHARS) + "...";
    }

    public boolean allowCredentials() {
        return allowCredentials;
    }

    public String allowMethods() {
        return allowMethods;
    }

    public String allowHeaders() {
        return allowHeaders;
    }

    /** @return null when no header is exposed */
    public String exposeHeaders() {
        return exposeHeaders;
    }

    public String maxAge() {
        return maxAge;
    }

    /** Named settings; every one has a default, and no origin is allowed until some are given. */
    public static final class Builder {
        private Collection<String> origins = List.of();
        private Collection<String> methods = DEFAULT_METHODS;
        private Collection<String> headers = DEFAULT_ALLOWED_HEADERS;
        private Collection<String> alsoHeaders = List.of();
        private Collection<String> exposed = DEFAULT_EXPOSED_HEADERS;
        private int maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
        private boolean allowCredentials;

        private Builder() {
        }

        /** Exact {@code scheme://host[:port]} origins, or {@code *} alone for every origin. */
        public Builder allowedOrigins(Collection<String> origins) {
            this.origins = List.copyOf(origins);
            return this;
        }

        public Builder allowedMethods(Collection<String> methods) {
            this.methods = List.copyOf(methods);
            return this;
        }

        public Builder allowedHeaders(Collection<String> headers) {
            this.headers = List.copyOf(headers);
            return this;
        }

        /**
         * Headers other settings expect from clients (forwarded into records, read as keys), allowed too; a name
         * that is not a token is skipped, since no request can carry it.
         */
        public Builder alsoAllowedHeaders(Collection<String> headers) {
            this.alsoHeaders = List.copyOf(headers);
            return this;
        }

        public Builder exposedHeaders(Collection<String> headers) {
            this.exposed = List.copyOf(headers);
            return this;
        }

        public Builder maxAgeSeconds(int seconds) {
            this.maxAgeSeconds = seconds;
            return this;
        }

        /** Let pages send cookies and cached HTTP credentials; never with {@code *}. */
        public Builder allowCredentials(boolean allow) {
            this.allowCredentials = allow;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting at fault */
        public CorsPolicy build() {
            return new CorsPolicy(this);
        }
    }
}
