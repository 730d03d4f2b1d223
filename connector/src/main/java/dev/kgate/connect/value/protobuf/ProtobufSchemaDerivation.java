package dev.kgate.connect.value.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Connect schema of a protobuf message type: a struct per message (named by its full name; the root by the
 * station's schema name), fields in declaration order under their {@code .proto} names.
 * <ul>
 *   <li>A field with presence (a message, proto3 {@code optional}, a oneof member, any proto2 optional) is optional;
 *       one without (a proto3 scalar) is required with the type's default as its default, since it always has a
 *       value. proto2 {@code required} is required.</li>
 *   <li>{@code repeated} is an array, {@code map<K, V>} a map; both required, empty by default.</li>
 *   <li>int32, sint32, sfixed32: INT32; the unsigned 32-bit kinds and every 64-bit kind: INT64 (an unsigned value
 *       beyond a signed one is refused per message); float FLOAT32, double FLOAT64, bool, string, bytes; an enum is
 *       the STRING of its value's name.</li>
 *   <li>{@code google.protobuf.Timestamp}: Connect's Timestamp; the wrappers: their value, optional.</li>
 *   <li>A message that contains itself has no Connect schema: refused, naming the path.</li>
 * </ul>
 * It depends only on the descriptor, the name and the version, so a registry sees one version per message change.
 */
public final class ProtobufSchemaDerivation {

    private final Map<String, Schema> derived = new HashMap<>();
    private final Deque<String> open = new ArrayDeque<>();
    private final String rootName;

    private ProtobufSchemaDerivation(String rootName) {
        this.rootName = rootName;
    }

    /**
     * @param name    the root struct's name
     * @param version its version, or null
     * @throws IllegalArgumentException naming the field path of a message that contains itself
     */
    public static Schema derive(Descriptor type, String name, Integer version) {
        return new ProtobufSchemaDerivation(name).message(type, name, version, false, "");
    }

    private Schema message(Descriptor type, String name, Integer version, boolean optional, String path) {
        String key = name + (optional ? "?" : "");
        Schema known = derived.get(key);
        if (known != null) {
            return known;
        }
        if (open.contains(type.getFullName())) {
            throw new IllegalArgumentException("message " + type.getFullName() + " contains itself at "
                    + (path.isEmpty() ? "/" : path) + ", and no Connect schema holds a recursive message");
        }
        open.push(type.getFullName());
        SchemaBuilder struct = SchemaBuilder.struct().name(name);
        if (version != null) {
            struct.version(version);
        }
        if (optional) {
            struct.optional();
        }
        for (FieldDescriptor field : type.getFields()) {
            struct.field(field.getName(), field(field, path + "/" + field.getName()));
        }
        open.pop();
        Schema schema = struct.build();
        derived.put(key, schema);
        return schema;
    }

    private Schema field(FieldDescriptor field, String path) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return SchemaBuilder.map(single(entry.findFieldByNumber(1), false, path),
                    single(entry.findFieldByNumber(2), false, path)).defaultValue(Map.of()).build();
        }
        if (field.isRepeated()) {
            return SchemaBuilder.array(single(field, false, path)).defaultValue(List.of()).build();
        }
        return single(field, field.hasPresence() && !field.isRequired(), path);
    }

    /** One value of the field: the field itself, an element of a repeated one, a map entry's key or value. */
    private Schema single(FieldDescriptor field, boolean optional, String path) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            Descriptor type = field.getMessageType();
            if (WellKnownTypes.timestamp(type)) {
                return optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
            }
            FieldDescriptor wrapped = WellKnownTypes.wrapped(type);
            if (wrapped != null) {
                return primitive(wrapped).optional().build();
            }
            if (type.getFullName().equals(rootName) && !open.contains(rootName)) {
                // Two different structs of one name: a registry converter refuses the second.
                throw new IllegalArgumentException("the struct's name " + rootName + " is also the name of the"
                        + " message at " + path + ": choose another value.schema.name");
            }
            return message(type, type.getFullName(), null, optional, path);
        }
        SchemaBuilder builder = primitive(field);
        if (optional) {
            return builder.optional().build();
        }
        if (!field.isRepeated() && !field.getContainingType().getOptions().getMapEntry() && !field.isRequired()) {
            // A proto3 scalar always has a value; its default lets a registry accept the field's later addition.
            builder.defaultValue(connectDefault(field));
        }
        return builder.build();
    }

    private static SchemaBuilder primitive(FieldDescriptor field) {
        return switch (field.getType()) {
            case INT32, SINT32, SFIXED32 -> SchemaBuilder.int32();
            case UINT32, FIXED32, INT64, SINT64, SFIXED64, UINT64, FIXED64 -> SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOL -> SchemaBuilder.bool();
            case STRING, ENUM -> SchemaBuilder.string();
            case BYTES -> SchemaBuilder.bytes();
            case MESSAGE, GROUP -> throw new IllegalStateException("a message is not a primitive: " + field);
        };
    }

    private static Object connectDefault(FieldDescriptor field) {
        Object value = field.getDefaultValue();
        return switch (field.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) value);
            case ENUM -> ((EnumValueDescriptor) value).getName();
            case BYTES -> ((ByteString) value).toByteArray();
            default -> value;
        };
    }
}
