package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.value.SchemalessMapper;
import dev.kgate.connect.value.StructMapper;
import dev.kgate.connect.value.StructSchemaDerivation;
import dev.kgate.http.route.StationValues;
import dev.kgate.http.route.ValueMode;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A station's value mode: {@code stations.rule.<name>.value} ({@code bytes}, {@code string}, {@code json} or
 * {@code struct}); for {@code struct}, {@code .value.schema.name} (default {@code kgate.<rule>}) and
 * {@code .value.schema.version} (default none) name the Connect schema derived from the rule's JSON Schema.
 */
final class StationValuesParser {

    static final String VALUE = "value";
    static final String SCHEMA_NAME = "value.schema.name";
    static final String SCHEMA_VERSION = "value.schema.version";

    /** An Avro full name: what every registry-aware converter can register. */
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StationValuesParser() {
    }

    /**
     * @param schemaText the rule's JSON Schema (already compiled by the validator), or null
     * @throws IllegalArgumentException naming the rule and the key, or the schema path, at fault
     */
    static StationValues parse(String rule, Map<String, ?> originals, String schemaText) {
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
        return switch (mode) {
            case JSON -> new StationValues(mode, SchemalessMapper.INSTANCE);
            case STRUCT -> new StationValues(mode, structMapper(rule, originals, schemaText));
            default -> new StationValues(mode, null);
        };
    }

    private static StructMapper structMapper(String rule, Map<String, ?> originals, String schemaText) {
        String key = StationRulesParser.PREFIX + rule + ".";
        if (schemaText == null) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + VALUE + "=struct derives the struct"
                    + " from the station's JSON Schema: set " + key + "schema or " + key + "schema.file");
        }
        String name = StationRulesParser.string(originals, rule, SCHEMA_NAME);
        if (name == null) {
            name = "kgate." + rule.replaceAll("[^A-Za-z0-9_]", "_");
        } else if (!FULL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule '" + rule + "': " + key + SCHEMA_NAME + " '" + name + "' is not"
                    + " a dotted name of letters, digits and underscores (as Avro and schema registries need)");
        }
        String versionText = StationRulesParser.string(originals, rule, SCHEMA_VERSION);
        Integer version = null;
        if (versionText != null) {
            try {
                version = Integer.valueOf(versionText.trim());
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                throw new IllegalArgumentException("rule '" + rule + "': " + key + SCHEMA_VERSION + " must be a"
                        + " whole number from 1");
            }
        }
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
}
