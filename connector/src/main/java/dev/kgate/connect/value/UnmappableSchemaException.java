package dev.kgate.connect.value;

/** A JSON Schema, or a part of it, that has no faithful Connect schema. The message names the schema path. */
public final class UnmappableSchemaException extends IllegalArgumentException {

    UnmappableSchemaException(String path, String reason) {
        super("the JSON Schema at " + path + " " + reason);
    }
}
