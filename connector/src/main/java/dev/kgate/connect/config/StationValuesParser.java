package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.value.SchemalessMapper;
import dev.kgate.connect.value.StructMapper;
import dev.kgate.connect.value.StructSchemaDerivation;
import dev.kgate.connect.value.protobuf.DescriptorSets;
import dev.kgate.connect.value.protobuf.ProtobufSchemaDerivation;
import dev.kgate.connect.value.protobuf.ProtobufValueReader;
import dev.kgate.http.route.KeySource;
import dev.kgate.http.route.StationValues;
import dev.kgate.http.route.ValueMode;

import com.google.protobuf.Descriptors.Descriptor;
import org.apache.kafka.connect.data.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A station's value mode: {@code stations.rule.<name>.value} ({@code bytes}, {@code string}, {@code json} or
 * {@code struct}); for {@code struct}, {@code .value.schema.name} (default {@code kgate.<rule>}, or the protobuf
 * message type) and {@code .value.schema.version} (default none) name the Connect schema derived from the rule's
 * JSON Schema or protobuf message type. {@code .protobuf.message} with {@code .protobuf.descriptor.file} (or the
 * descriptor set inline in base64, {@code .protobuf.descriptor}) makes the station take protobuf messages of that
 * type only.
 */
final class StationValuesParser {

    static final String VALUE = "value";
    static final String SCHEMA_NAME = "value.schema.name";
    static final String SCHEMA_VERSION = "value.schema.version";
    static final String PROTOBUF_MESSAGE = "protobuf.message";
    static final String PROTOBUF_DESCRIPTOR_FILE = "protobuf.descriptor.file";
    static final String PROTOBUF_DESCRIPTOR = "protobuf.descriptor";

    /** An Avro full name: what every registry-aware converter can register. */
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StationValuesParser() {
    }

    /**
     * @param schemaText the rule's JSON Schema (already compiled by the validator), or null
     * @param key        where the rule's record keys come from, or null
     * @throws IllegalArgumentException naming the rule and the key, or the schema path, at fault
     */
    static StationValues parse(String rule, Map<String, ?> originals, String schemaText, KeySource key) {
        ValueMode mode = mode(rule, originals);
        Descriptor protobuf = protobufType(rule, originals);
        if (protobuf != null) {
            return protobufValues(rule, originals, mode, protobuf, schemaText, key);
        }
        return switch (mode) {
            case JSON -> new StationValues(mode, SchemalessMapper.INSTANCE);
            case STRUCT -> new StationValues(mode, structMapper(rule, originals, schemaText));
            default -> new StationValues(mode, null);
        };
    }

    private static ValueMode mode(String rule, Map<String, ?> originals) {
        String modeName = StationRulesParser.string(originals, rule, VALUE);
        String key = StationRulesParser.PREFIX + rule + ".";
        ValueMode mode;
        try {
            mode = modeName == null ? ValueMode.AS_SENT : ValueMode.parse(modeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + ": " + e.getMessage(), e);
        }
        if (mode != ValueMode.STRUCT) {
            for (String structOnly : new String[]{SCHEMA_NAME, SCHEMA_VERSION}) {
                if (StationRulesParser.string(originals, rule, structOnly) != null) {
                    throw new IllegalArgumentException("rule '" + rule + "': " + key + structOnly
                            + " applies only with " + key + VALUE + "=struct");
                }
            }
        }
        return mode;
    }

    /** @return the message type a rule names, or null when it names none */
    private static Descriptor protobufType(String rule, Map<String, ?> originals) {
        String key = StationRulesParser.PREFIX + rule + ".";
        String message = StationRulesParser.string(originals, rule, PROTOBUF_MESSAGE);
        String file = StationRulesParser.string(originals, rule, PROTOBUF_DESCRIPTOR_FILE);
        String inline = StationRulesParser.string(originals, rule, PROTOBUF_DESCRIPTOR);
        if (message == null && file == null && inline == null) {
            return null;
        }
        if (message == null || (file == null) == (inline == null)) {
            throw new IllegalArgumentException("rule '" + rule + "': a protobuf station needs " + key
                    + PROTOBUF_MESSAGE + " and one of " + key + PROTOBUF_DESCRIPTOR_FILE + " or " + key
                    + PROTOBUF_DESCRIPTOR);
        }
        byte[] set;
        try {
            set = file != null ? Files.readAllBytes(Path.of(file.trim())) : Base64.getMimeDecoder().decode(inline);
        } catch (IOException e) {
            throw new IllegalArgumentException("rule '" + rule + "': cannot read " + key + PROTOBUF_DESCRIPTOR_FILE
                    + " " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + PROTOBUF_DESCRIPTOR + " is not base64",
                    e);
        }
        try {
            return DescriptorSets.messageType(set, message.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + PROTOBUF_MESSAGE + ": " + e.getMessage(),
                    e);
        }
    }

    private static StationValues protobufValues(String rule, Map<String, ?> originals, ValueMode mode,
                                                Descriptor type, String schemaText, KeySource keySource) {
        String key = StationRulesParser.PREFIX + rule + ".";
        if (schemaText != null) {
            throw new IllegalArgumentException("rule '" + rule + "': its messages follow a JSON Schema or a protobuf"
                    + " message type, not both: remove " + key + "schema or " + key + PROTOBUF_MESSAGE);
        }
        if (keySource != null && keySource.needsJsonBody()) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + "key=pointer:... reads JSON bodies,"
                    + " and the station takes protobuf messages: take the key from a header or the query");
        }
        if (mode == ValueMode.STRING) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + "=string does not fit protobuf"
                    + " messages, which are binary: use bytes, json or struct");
        }
        Schema schema = null;
        if (mode == ValueMode.STRUCT) {
            String name = schemaName(rule, originals);
            try {
                schema = ProtobufSchemaDerivation.derive(type, name == null ? type.getFullName() : name,
                        schemaVersion(rule, originals));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + "=struct: "
                        + e.getMessage(), e);
            }
        }
        return StationValues.protobuf(mode, new ProtobufValueReader(type, schema));
    }

    private static StructMapper structMapper(String rule, Map<String, ?> originals, String schemaText) {
        String key = StationRulesParser.PREFIX + rule + ".";
        if (schemaText == null) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + "=struct derives the struct"
                    + " from the station's JSON Schema or protobuf message type: set " + key + "schema, " + key
                    + "schema.file or " + key + PROTOBUF_MESSAGE);
        }
        String name = schemaName(rule, originals);
        if (name == null) {
            name = "kgate." + rule.replaceAll("[^A-Za-z0-9_]", "_");
        }
        Integer version = schemaVersion(rule, originals);
        JsonNode schema;
        try {
            schema = JSON.readTree(schemaText);
        } catch (IOException e) {
            throw new IllegalArgumentException("rule '" + rule + "': the schema is not valid JSON", e);
        }
        try {
            return new StructMapper(StructSchemaDerivation.derive(schema, name, version));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + "=struct: " + e.getMessage(),
                    e);
        }
    }

    /** @return the struct's name set for the rule, or null for the default */
    private static String schemaName(String rule, Map<String, ?> originals) {
        String name = StationRulesParser.string(originals, rule, SCHEMA_NAME);
        if (name != null && !FULL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule '" + rule + "': " + StationRulesParser.PREFIX + rule + "."
                    + SCHEMA_NAME + " '" + name + "' is not a dotted name of letters, digits and underscores (as"
                    + " Avro and schema registries need)");
        }
        return name;
    }

    private static Integer schemaVersion(String rule, Map<String, ?> originals) {
        String versionText = StationRulesParser.string(originals, rule, SCHEMA_VERSION);
        if (versionText == null) {
            return null;
        }
        int version;
        try {
            version = Integer.parseInt(versionText.trim());
        } catch (NumberFormatException e) {
            version = -1;
        }
        if (version < 1) {
            throw new IllegalArgumentException("rule '" + rule + "': " + StationRulesParser.PREFIX + rule + "."
                    + SCHEMA_VERSION + " must be a whole number from 1");
        }
        return version;
    }
}
