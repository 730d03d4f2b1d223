package dev.kgate.connect.value.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufSchemaDerivationTest {

    private static Schema derive(String file, String type) {
        return ProtobufSchemaDerivation.derive(TestDescriptors.type(file, type), type, null);
    }

    @Test
    void scalarsKeepTheirWidthAndProto3DefaultsAreSchemaDefaults() {
        Schema scalars = ProtobufSchemaDerivation.derive(TestDescriptors.type("kinds.desc", "test.kinds.Scalars"),
                "shop.Scalars", 3);
        assertEquals("shop.Scalars", scalars.name());
        assertEquals(3, scalars.version());
        assertFalse(scalars.isOptional());
        Map<String, Schema.Type> expected = Map.ofEntries(Map.entry("i32", Schema.Type.INT32),
                Map.entry("s32", Schema.Type.INT32), Map.entry("sf32", Schema.Type.INT32),
                Map.entry("u32", Schema.Type.INT64), Map.entry("f32", Schema.Type.INT64),
                Map.entry("i64", Schema.Type.INT64), Map.entry("s64", Schema.Type.INT64),
                Map.entry("sf64", Schema.Type.INT64), Map.entry("u64", Schema.Type.INT64),
                Map.entry("f64", Schema.Type.INT64), Map.entry("fl", Schema.Type.FLOAT32),
                Map.entry("db", Schema.Type.FLOAT64), Map.entry("flag", Schema.Type.BOOLEAN),
                Map.entry("text", Schema.Type.STRING), Map.entry("data", Schema.Type.BYTES),
                Map.entry("colour", Schema.Type.STRING));
        assertEquals(List.of("i32", "s32", "sf32", "u32", "f32", "i64", "s64", "sf64", "u64", "f64", "fl", "db",
                "flag", "text", "data", "colour"), scalars.fields().stream().map(f -> f.name()).toList());
        scalars.fields().forEach(f -> {
            assertEquals(expected.get(f.name()), f.schema().type(), f.name());
            assertFalse(f.schema().isOptional(), f.name() + " always has a value in proto3");
        });
        assertEquals(0, scalars.field("i32").schema().defaultValue());
        assertEquals(0L, scalars.field("u32").schema().defaultValue());
        assertEquals("", scalars.field("text").schema().defaultValue());
        assertEquals("COLOUR_UNSPECIFIED", scalars.field("colour").schema().defaultValue());
        assertEquals(false, scalars.field("flag").schema().defaultValue());
    }

    @Test
    void presenceMakesFieldsOptionalAndCollectionsAreEmptyByDefault() {
        Schema shapes = derive("kinds.desc", "test.kinds.Shapes");
        for (String optional : List.of("maybe", "inner", "name", "number", "at", "wrapped_long", "took")) {
            assertTrue(shapes.field(optional).schema().isOptional(), optional);
            assertNull(shapes.field(optional).schema().defaultValue(), optional);
        }
        Schema inner = shapes.field("inner").schema();
        assertEquals("test.kinds.Inner", inner.name());
        assertEquals("test.kinds.Inner2", inner.field("deeper").schema().name());
        Schema numbers = shapes.field("numbers").schema();
        assertEquals(Schema.Type.ARRAY, numbers.type());
        assertEquals(Schema.INT32_SCHEMA, numbers.valueSchema());
        assertEquals(List.of(), numbers.defaultValue());
        Schema inners = shapes.field("inners").schema();
        assertFalse(inners.valueSchema().isOptional(), "an element is never absent");
        assertEquals("test.kinds.Inner", inners.valueSchema().name());
        Schema byId = shapes.field("by_id").schema();
        assertEquals(Schema.Type.MAP, byId.type());
        assertEquals(Schema.INT32_SCHEMA, byId.keySchema());
        assertEquals("test.kinds.Inner", byId.valueSchema().name());
        assertEquals(Map.of(), byId.defaultValue());
        assertSame(inners.valueSchema(), byId.valueSchema(), "one schema per message type and optionality");
    }

    @Test
    void timestampsAndWrappersAreValues() {
        Schema shapes = derive("kinds.desc", "test.kinds.Shapes");
        assertEquals(Timestamp.LOGICAL_NAME, shapes.field("at").schema().name());
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, shapes.field("wrapped_long").schema());
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, shapes.field("wrapped_flag").schema());
        assertEquals(Schema.OPTIONAL_BYTES_SCHEMA, shapes.field("wrapped_bytes").schema());
        Schema took = shapes.field("took").schema();
        assertEquals("google.protobuf.Duration", took.name());
        assertEquals(List.of("seconds", "nanos"), took.fields().stream().map(f -> f.name()).toList());
    }

    @Test
    void proto2RequiredFieldsAreRequiredWithoutDefaults() {
        Schema legacy = derive("legacy.desc", "test.legacy.Legacy");
        assertFalse(legacy.field("id").schema().isOptional());
        assertNull(legacy.field("id").schema().defaultValue());
        assertTrue(legacy.field("count").schema().isOptional());
        assertTrue(legacy.field("kind").schema().isOptional());
    }

    @Test
    void recursiveMessagesAreRefusedNamingThePath() {
        assertEquals("message test.kinds.Tree contains itself at /children, and no Connect schema holds a recursive"
                + " message", assertThrows(IllegalArgumentException.class,
                () -> derive("kinds.desc", "test.kinds.Tree")).getMessage());
        String struct = assertThrows(IllegalArgumentException.class,
                () -> derive("kinds.desc", "test.kinds.WithStruct")).getMessage();
        assertTrue(struct.startsWith("message google.protobuf.Struct contains itself at /attributes/fields/"),
                struct);
    }

    @Test
    void theSameTypeDerivesTheSameSchema() {
        Descriptor type = TestDescriptors.type("kinds.desc", "test.kinds.Shapes");
        assertEquals(ProtobufSchemaDerivation.derive(type, "a.B", 1), ProtobufSchemaDerivation.derive(type, "a.B", 1));
    }
}
