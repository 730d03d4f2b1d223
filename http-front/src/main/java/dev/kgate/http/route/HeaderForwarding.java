package dev.kgate.http.route;

import dev.kgate.http.ingest.MessageHeader;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which request headers become record headers: an allow-list of names and of prefixes, never credentials or
 * hop-by-hop headers, whatever the configuration says. Optionally the authenticated user, under a configured name.
 */
public final class HeaderForwarding {

    /** Never forwarded: credentials, and headers that describe one connection rather than the message. */
    static final Set<String> NEVER = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "host", "content-length", "x-kafka-auth", "sec-websocket-key", "sec-websocket-protocol");

    private final Set<String> names;
    private final List<String> prefixes;
    private final String usernameHeader;

    /**
     * @param usernameHeader the record header that names the authenticated user; null or empty for none
     */
    public HeaderForwarding(Set<String> names, List<String> prefixes, String usernameHeader) {
        this.names = lowerCase(names);
        this.prefixes = List.copyOf(lowerCase(Set.copyOf(prefixes)));
        this.usernameHeader = usernameHeader == null || usernameHeader.isEmpty() ? null : usernameHeader;
    }

    public static HeaderForwarding none() {
        return new HeaderForwarding(Set.of(), List.of(), null);
    }

    public List<MessageHeader> headersOf(HttpServerExchange exchange, String username) {
        List<MessageHeader> headers = new ArrayList<>();
        if (!names.isEmpty() || !prefixes.isEmpty()) {
            for (HeaderValues values : exchange.getRequestHeaders()) {
                String name = values.getHeaderName().toString();
                if (forwards(name)) {
                    for (String value : values) {
                        headers.add(new MessageHeader(name, value));
                    }
                }
            }
        }
        if (usernameHeader != null && username != null) {
            headers.add(new MessageHeader(usernameHeader, username));
        }
        return headers;
    }

    /** @return the record header the gateway sets to the user's name, which clients may not set; null for none */
    public String usernameHeader() {
        return usernameHeader;
    }

    boolean forwards(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        if (NEVER.contains(name)) {
            return false;
        }
        if (names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    }
}
