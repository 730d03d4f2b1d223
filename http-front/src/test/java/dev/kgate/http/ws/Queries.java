package dev.kgate.http.ws;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Query parameters as Undertow hands them over, from name/value pairs (a name may repeat). */
public final class Queries {

    private Queries() {
    }

    public static Map<String, Deque<String>> of(String... pairs) {
        Map<String, Deque<String>> query = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.computeIfAbsent(pairs[i], k -> new ArrayDeque<>()).add(pairs[i + 1]);
        }
        return query;
    }
}
