package dev.kgate.http.access;

import java.util.Locale;

/** What a grant lets a principal do, and to what kind of name its pattern applies. */
public enum Operation {
    /** Produce to a topic (REST produce routes, {@code /socket/in}). */
    WRITE,
    /**
     * Create a topic by writing to it, where {@code topics.must.exist=false} lets the broker or Connect create it; a
     * grant of its own, so that writing somewhere does not mean creating anything anywhere.
     */
    CREATE,
    /** Consume a topic ({@code /socket/out}). */
    READ,
    /** Join a consumer group ({@code /socket/out}'s {@code groupId}): the pattern names groups, not topics. */
    GROUP,
    /** See the cluster's brokers ({@code /kafka/cluster/info}); its pattern must be {@code cluster}. */
    DESCRIBE;

    /** The name in {@code access.grants}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verb in a refusal: "may not write to topic 'x'". */
    String verb() {
        return switch (this) {
            case WRITE -> "write to topic";
            case CREATE -> "create topic";
            case READ -> "read topic";
            case GROUP -> "join consumer group";
            case DESCRIBE -> "describe";
        };
    }

    /** @return the operation a config names, or null */
    static Operation named(String name) {
        for (Operation operation : values()) {
            if (operation.configName().equals(name)) {
                return operation;
            }
        }
        return null;
    }
}
