package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives the Connect schema of a {@code struct} station from its JSON Schema, or says which part has no faithful
 * mapping. Objects become structs (declared properties, in order; required ones mandatory), arrays arrays,
 * {@code integer} INT64, {@code number} FLOAT64, strings STRING or, with format {@code date-time}, {@code date} or
 * {@code time}, Connect's Timestamp, Date and Time; an enum takes its values' type; {@code ["T", "null"]} and
 * {@code anyOf}/{@code oneOf} of one schema and {@code {"type": "null"}} make a value optional; local {@code $ref}s are
 * followed. Anything a struct cannot hold faithfully is refused: other unions, {@code allOf}, {@code not},
 * conditionals, tuples, open or pattern properties, recursion.
 *
 * <p>The derivation is a pure function of the schema text, the name and the version: the same schema always gives
 * the same Connect schema, so a schema registry sees a new version only when the station's schema changes.
 */
public final class StructSchemaDerivation {

    /** Keywords whose meaning a Connect schema cannot carry; each is refused wherever it appears. */
    private static final List<String> REFUSED = List.of("allOf", "not", "if", "then", "else", "patternProperties",
            "dependentSchemas", "dependencies", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
            "propertyNames", "contains", "additionalItems", "$dynamicRef", "$recursiveRef");

    private final JsonNode root;
    private final Deque<String> refsFollowed = new ArrayDeque<>();

    private StructSchemaDerivation(JsonNode root) {
        this.root = root;
    }

    /**
     * @param name    the struct's name (a dotted full name: nested structs are named after it and their field)
     * @param version the schema version to declare, or null for none
     * @throws UnmappableSchemaException naming the schema path that has no faithful mapping
     */
    public static Schema derive(JsonNode jsonSchema, String name, Integer version) {
        StructSchemaDerivation derivation = new StructSchemaDerivation(jsonSchema);
        Shape shape = derivation.shape(jsonSchema, "#");
        if (!"object".equals(shape.type) || shape.nullable) {
            throw new UnmappableSchemaException("#", "must describe an object (type: object) to become a struct");
        }
        SchemaBuilder builder = derivation.builder(shape, "#", name);
        if (version != null) {
            builder.version(version);
        }
        return builder.build();
    }

    /**
     * A schema after following $refs and unwrapping a nullable union: one JSON type, maybe nullable.
     *
     * @param refs how many $refs were followed to reach it: they stay on the stack while its children are derived,
     *             so a reference back to one of them is found to be recursive
     */
    private record Shape(JsonNode node, String path, String type, boolean nullable, int refs) {
    }

    private SchemaBuilder builder(Shape shape, String path, String name) {
        try {
            return describedBuilder(shape, path, name);
        } finally {
            for (int i = 0; i < shape.refs; i++) {
                refsFollowed.pop();
            }
        }
    }

    private SchemaBuilder describedBuilder(Shape shape, String path, String name) {
        JsonNode node = shape.node;
        SchemaBuilder builder = switch (shape.type) {
            case "object" -> struct(node, shape.path, name);
            case "array" -> array(node, shape.path, name);
            case "string" -> string(node, shape.path);
            case "integer" -> SchemaBuilder.int64();
            case "number" -> SchemaBuilder.float64();
            case "boolean" -> SchemaBuilder.bool();
            default -> throw new UnmappableSchemaException(path, "has type '" + shape.type
                    + "', which no Connect schema holds on its own");
        };
        JsonNode description = node.get("description");
        if (description != null && description.isTextual()) {
            builder.doc(description.textValue());
        }
        return builder;
    }

    private SchemaBuilder struct(JsonNode node, String path, String name) {
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !(additional.isBoolean() && !additional.booleanValue())) {
            throw new UnmappableSchemaException(path + "/additionalProperties", "allows properties the schema does"
                    + " not declare, which a struct has no field for; set it to false or remove it (undeclared"
                    + " properties are then refused)");
        }
        JsonNode properties = node.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            throw new UnmappableSchemaException(path, "describes an object without properties, which has no"
                    + " struct fields");
        }
        Set<String> required = new HashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        SchemaBuilder struct = SchemaBuilder.struct().name(name);
        properties.fields().forEachRemaining(property -> {
            String propertyPath = path + "/properties/" + escape(property.getKey());
            Shape shape = shape(property.getValue(), propertyPath);
            SchemaBuilder field = builder(shape, propertyPath, name + "." + avroName(property.getKey()));
            if (shape.nullable || !required.contains(property.getKey())) {
                field.optional();
            }
            struct.field(property.getKey(), field.build());
        });
        return struct;
    }

    private SchemaBuilder array(JsonNode node, String path, String name) {
        JsonNode items = node.get("items");
        if (items == null || !items.isObject()) {
            throw new UnmappableSchemaException(path, "describes an array without one 'items' schema for every"
                    + " element");
        }
        Shape shape = shape(items, path + "/items");
        SchemaBuilder element = builder(shape, path + "/items", name);
        if (shape.nullable) {
            element.optional();
        }
        return SchemaBuilder.array(element.build());
    }

    private static SchemaBuilder string(JsonNode node, String path) {
        JsonNode format = node.get("format");
        if (format == null || !format.isTextual()) {
            return SchemaBuilder.string();
        }
        return switch (format.textValue()) {
            case "date-time" -> Timestamp.builder();
            case "date" -> Date.builder();
            case "time" -> Time.builder();
            default -> SchemaBuilder.string();
        };
    }

    /** Follows $refs, checks the keywords, and finds the one JSON type the schema allows (and whether null too). */
    private Shape shape(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new UnmappableSchemaException(path, "is " + node + ", which does not say what type a value has");
        }
        JsonNode ref = node.get("$ref");
        if (ref != null) {
            return followed(ref, path);
        }
        for (String keyword : REFUSED) {
            if (node.has(keyword)) {
                throw new UnmappableSchemaException(path + "/" + keyword, "has no faithful Connect mapping");
            }
        }
        for (String union : List.of("anyOf", "oneOf")) {
            if (node.has(union)) {
                return nullableUnion(node.get(union), path + "/" + union);
            }
        }
        Set<String> types = types(node, path);
        boolean nullable = types.remove("null");
        if (types.size() != 1) {
            throw new UnmappableSchemaException(path, types.isEmpty() ? "allows only null"
                    : "allows several types " + types + ", which no Connect schema holds (only one type and null)");
        }
        return new Shape(node, path, types.iterator().next(), nullable, 0);
    }

    private Shape followed(JsonNode ref, String path) {
        String target = ref.asText();
        if (!target.startsWith("#")) {
            throw new UnmappableSchemaException(path + "/$ref", "points outside the schema (" + target + "): only"
                    + " local references (#/...) are followed");
        }
        if (refsFollowed.contains(target)) {
            throw new UnmappableSchemaException(path + "/$ref", "is recursive (" + target + "), and a Connect"
                    + " schema cannot be");
        }
        JsonNode resolved = root.at(target.substring(1));
        if (resolved.isMissingNode()) {
            throw new UnmappableSchemaException(path + "/$ref", "points at nothing (" + target + ")");
        }
        refsFollowed.push(target);
        Shape shape = shape(resolved, target);
        return new Shape(shape.node, shape.path, shape.type, shape.nullable, shape.refs + 1);
    }

    /** {@code anyOf}/{@code oneOf}: only a schema and null, in either order. */
    private Shape nullableUnion(JsonNode branches, String path) {
        if (branches.isArray() && branches.size() == 2) {
            for (int i = 0; i < 2; i++) {
                if (onlyNull(branches.get(1 - i))) {
                    Shape shape = shape(branches.get(i), path + "/" + i);
                    return new Shape(shape.node, shape.path, shape.type, true, shape.refs);
                }
            }
        }
        throw new UnmappableSchemaException(path, "is a union, which no Connect schema holds (only one schema and"
                + " {\"type\": \"null\"})");
    }

    private static boolean onlyNull(JsonNode branch) {
        return branch.isObject() && branch.size() == 1 && "null".equals(branch.path("type").asText());
    }

    /** The declared types, or those implied by properties, items, enum or const. */
    private static Set<String> types(JsonNode node, String path) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = node.get("type");
        if (type != null) {
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            return types;
        }
        if (node.has("properties")) {
            types.add("object");
        } else if (node.has("items")) {
            types.add("array");
        } else if (node.has("enum") || node.has("const")) {
            JsonNode values = node.has("enum") ? node.get("enum") : node.path("const");
            if (values.isArray()) {
                values.forEach(v -> types.add(typeOf(v)));
            } else {
                types.add(typeOf(values));
            }
            if (types.contains("integer") && types.remove("number")) {
                // 1 and 1.5 in one enum: numbers.
                types.remove("integer");
                types.add("number");
            }
        } else {
            throw new UnmappableSchemaException(path, "does not say what type a value has (no 'type')");
        }
        return types;
    }

    private static String typeOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return switch (value.getNodeType()) {
            case NUMBER -> "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    /** A property name as a part of an Avro full name: letters, digits and underscores, not starting with a digit. */
    static String avroName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9' && i > 0)
                    ? c : '_');
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    /** A property name as a JSON Pointer token. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
