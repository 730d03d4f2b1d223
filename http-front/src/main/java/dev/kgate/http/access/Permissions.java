package dev.kgate.http.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may do what, from {@code access.grants}: entries {@code principal=operation:pattern}, for example
 * {@code alice=write:orders}, {@code alice=create:alice-*}, {@code alice=read:orders-*}, {@code alice=group:alice-*},
 * {@code monitor=describe:cluster}. The principal {@code *} is every authenticated principal, {@code anonymous} the
 * requests without credentials where those are let in. Nothing is allowed unless granted, and internal topics (Kafka's
 * {@code __*} and the configured ones: the workers' config, offset and status topics) are never readable or writable,
 * whatever a pattern says.
 */
public final class Permissions {

    public static final String EVERY_PRINCIPAL = "*";
    public static final String CLUSTER = "cluster";
    private static final NamePattern KAFKA_INTERNAL = NamePattern.of("__*");

    private record Grant(Operation operation, NamePattern pattern) {
    }

    private final Map<String, List<Grant>> byPrincipal;
    private final List<NamePattern> internalTopics;

    private Permissions(Map<String, List<Grant>> byPrincipal, List<NamePattern> internalTopics) {
        this.byPrincipal = byPrincipal;
        this.internalTopics = internalTopics;
    }

    /** Nothing granted to anyone. */
    public static Permissions none() {
        return new Permissions(Map.of(), List.of(KAFKA_INTERNAL));
    }

    /**
     * @param grants         entries {@code principal=operation:pattern}
     * @param internalTopics names or globs of topics no grant can open
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public static Permissions parse(List<String> grants, List<String> internalTopics) {
        Map<String, List<Grant>> byPrincipal = new HashMap<>();
        for (String entry : grants) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            int colon = trimmed.indexOf(':', equals + 1);
            if (equals <= 0 || colon < 0) {
                throw new IllegalArgumentException("grant '" + trimmed + "' is not principal=operation:pattern");
            }
            String principal = trimmed.substring(0, equals).trim();
            String operationName = trimmed.substring(equals + 1, colon).trim();
            String pattern = trimmed.substring(colon + 1).trim();
            Operation operation = Operation.named(operationName);
            if (principal.isEmpty() || operation == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("grant '" + trimmed + "': expected principal=operation:pattern with"
                        + " an operation among write, create, read, group, describe");
            }
            if (operation == Operation.DESCRIBE && !CLUSTER.equals(pattern)) {
                throw new IllegalArgumentException("grant '" + trimmed + "': describe applies to '" + CLUSTER
                        + "' only");
            }
            byPrincipal.computeIfAbsent(principal, name -> new ArrayList<>())
                    .add(new Grant(operation, NamePattern.of(pattern)));
        }
        List<NamePattern> internal = new ArrayList<>();
        internal.add(KAFKA_INTERNAL);
        for (String topic : internalTopics) {
            if (!topic.isBlank()) {
                internal.add(NamePattern.of(topic.trim()));
            }
        }
        byPrincipal.replaceAll((name, list) -> List.copyOf(list));
        return new Permissions(Map.copyOf(byPrincipal), List.copyOf(internal));
    }

    /** Whether {@code principal} may do {@code operation} on {@code name}, without making a message. */
    public boolean permits(Principal principal, Operation operation, String name) {
        if (operation != Operation.GROUP && operation != Operation.DESCRIBE && internal(name)) {
            return false;
        }
        // Grants name users and keys; a webhook has none, whatever a grant names.
        return !principal.webhook() && (granted(principal.name(), operation, name)
                || (!principal.anonymous() && granted(EVERY_PRINCIPAL, operation, name)));
    }

    /** @return null when {@code principal} may do {@code operation} on {@code name}; otherwise why not, for the client */
    public String refusal(Principal principal, Operation operation, String name) {
        if (permits(principal, operation, name)) {
            return null;
        }
        if (operation != Operation.GROUP && operation != Operation.DESCRIBE && internal(name)) {
            return "Topic '" + name + "' is internal: no client may " + operation.configName() + " it";
        }
        String who = principal.anonymous() ? "A request without credentials" : "'" + principal.name() + "'";
        return who + " may not " + operation.verb() + (operation == Operation.DESCRIBE ? " the " : " '") + name
                + (operation == Operation.DESCRIBE ? "" : "'");
    }

    public boolean internal(String topic) {
        for (NamePattern pattern : internalTopics) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    private boolean granted(String principal, Operation operation, String name) {
        for (Grant grant : byPrincipal.getOrDefault(principal, List.of())) {
            if (grant.operation() == operation && grant.pattern().matches(name)) {
                return true;
            }
        }
        return false;
    }
}
