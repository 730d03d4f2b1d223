package dev.kgate.http.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the messages posted to a station become as record values. */
public enum ValueMode {
    /** Unset: as the seed APIs write them (REST bodies as bytes, a WebSocket value as its declared type). */
    AS_SENT(null),
    /** The bytes as sent (a WebSocket {@code json} value: its compact text's UTF-8 bytes). */
    BYTES("bytes"),
    /** UTF-8 text; a body that is not UTF-8 is refused. */
    STRING("string"),
    /** A schemaless structured value: maps, lists, strings, booleans, longs and doubles. JSON only. */
    JSON("json"),
    /** A struct whose schema is derived from the station's JSON Schema. JSON only. */
    STRUCT("struct");

    private final String configName;

    ValueMode(String configName) {
        this.configName = configName;
    }

    /** @return the name a configuration uses, or null for the unset mode */
    public String configName() {
        return configName;
    }

    /** Whether only JSON values can take this form (other bodies and values are refused). */
    public boolean jsonOnly() {
        return this == JSON || this == STRUCT;
    }

    /** @throws IllegalArgumentException naming the accepted names */
    public static ValueMode parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> wanted.equals(m.configName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown value mode '" + name + "': use "
                        + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(ValueMode::configName).filter(n -> n != null)
                .collect(Collectors.joining(", "));
    }
}
