package dev.kgate.connect.value.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.UnknownFieldSet;
import dev.kgate.http.ingest.StructuredValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufValueReaderTest {

    private static final Descriptor SCALARS = TestDescriptors.type("kinds.desc", "test.kinds.Scalars");
    private static final Descriptor SHAPES = TestDescriptors.type("kinds.desc", "test.kinds.Shapes");

    private static ProtobufValueReader struct(Descriptor type) {
        return new ProtobufValueReader(type, ProtobufSchemaDerivation.derive(type, type.getFullName(), null));
    }

    private static DynamicMessage.Builder builder(Descriptor type) {
        return DynamicMessage.newBuilder(type);
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        return type.findFieldByName(name);
    }

    private static DynamicMessage message(Descriptor type, Object... namesAndValues) {
        DynamicMessage.Builder builder = builder(type);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.setField(field(type, (String) namesAndValues[i]), namesAndValues[i + 1]);
        }
        return builder.build();
    }

    private static Struct structOf(ProtobufValueReader reader, DynamicMessage message) {
        return (Struct) reader.map(message.toByteArray()).value();
    }

    @Test
    void scalarsBecomeTheirConnectValues() {
        DynamicMessage message = message(SCALARS, "i32", -5, "u32", -1, "i64", Long.MIN_VALUE, "u64", 42L,
                "fl", 1.5f, "db", 2.25, "flag", true, "text", "héllo", "data", ByteString.copyFrom(new byte[]{0, 1}),
                "colour", SCALARS.getFile().findEnumTypeByName("Colour").findValueByName("GREEN"));
        Struct struct = structOf(struct(SCALARS), message);
        struct.validate();
        assertEquals(-5, struct.get("i32"));
        assertEquals(4294967295L, struct.get("u32"), "an unsigned 32-bit value as its number");
        assertEquals(Long.MIN_VALUE, struct.get("i64"));
        assertEquals(42L, struct.get("u64"));
        assertEquals(1.5f, struct.get("fl"));
        assertEquals(2.25, struct.get("db"));
        assertEquals(true, struct.get("flag"));
        assertEquals("héllo", struct.get("text"));
        assertArrayEquals(new byte[]{0, 1}, (byte[]) struct.get("data"));
        assertEquals("GREEN", struct.get("colour"));
        assertEquals(0, struct.get("s32"), "an unset proto3 scalar holds its default");
        assertEquals("", structOf(struct(SCALARS), message(SCALARS)).get("text"));
    }

    @Test
    void anEmptyBodyIsTheMessageWithEveryDefault() {
        Struct struct = (Struct) struct(SCALARS).map(new byte[0]).value();
        struct.validate();
        assertEquals(0L, struct.get("i64"));
        assertEquals("COLOUR_UNSPECIFIED", struct.get("colour"));
    }

    @Test
    void presenceCollectionsAndWellKnownTypes() {
        Descriptor inner = TestDescriptors.type("kinds.desc", "test.kinds.Inner");
        Descriptor timestamp = field(SHAPES, "at").getMessageType();
        Descriptor int64Value = field(SHAPES, "wrapped_long").getMessageType();
        DynamicMessage first = message(inner, "label", "a");
        DynamicMessage entry = builder(field(SHAPES, "by_id").getMessageType())
                .setField(field(SHAPES, "by_id").getMessageType().findFieldByNumber(1), 7)
                .setField(field(SHAPES, "by_id").getMessageType().findFieldByNumber(2), message(inner, "label", "b"))
                .build();
        DynamicMessage shapes = builder(SHAPES)
                .setField(field(SHAPES, "maybe"), 0)
                .addRepeatedField(field(SHAPES, "numbers"), 1).addRepeatedField(field(SHAPES, "numbers"), 2)
                .addRepeatedField(field(SHAPES, "inners"), first)
                .addRepeatedField(field(SHAPES, "by_id"), entry)
                .setField(field(SHAPES, "number"), 9L)
                .setField(field(SHAPES, "at"), message(timestamp, "seconds", 1_764_583_200L, "nanos", 123_456_789))
                .setField(field(SHAPES, "wrapped_long"), message(int64Value, "value", 5L))
                .build();
        Struct struct = structOf(struct(SHAPES), shapes);
        struct.validate();
        assertEquals(0, struct.get("maybe"), "set to its default, and present");
        assertNull(struct.get("inner"));
        assertEquals(List.of(1, 2), struct.get("numbers"));
        assertEquals("a", ((Struct) struct.getArray("inners").get(0)).get("label"));
        assertNull(((Struct) struct.getArray("inners").get(0)).get("deeper"));
        assertEquals("b", ((Struct) struct.getMap("by_id").get(7)).get("label"));
        assertEquals(Map.of(), struct.get("labels"));
        assertNull(struct.get("name"));
        assertEquals(9L, struct.get("number"));
        assertEquals(new Date(1_764_583_200_123L), struct.get("at"), "milliseconds: Connect's Timestamp holds no"
                + " finer digits");
        assertEquals(5L, struct.get("wrapped_long"));
        assertNull(struct.get("wrapped_flag"));
    }

    @Test
    void schemalessValuesAreMapsOfWhatIsSet() {
        Descriptor timestamp = field(SHAPES, "at").getMessageType();
        DynamicMessage shapes = builder(SHAPES)
                .addRepeatedField(field(SHAPES, "numbers"), 3)
                .setField(field(SHAPES, "name"), "n")
                .setField(field(SHAPES, "at"), message(timestamp, "seconds", 1L, "nanos", 500))
                .build();
        StructuredValue value = new ProtobufValueReader(SHAPES, null).map(shapes.toByteArray());
        assertNull(value.schema());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value.value();
        assertEquals(List.of("numbers", "inners", "by_id", "labels", "name", "at"), List.copyOf(map.keySet()));
        assertEquals(List.of(3), map.get("numbers"));
        assertEquals("1970-01-01T00:00:01.000000500Z", map.get("at"));
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        assertEquals("{\"numbers\":[3],\"inners\":[],\"by_id\":{},\"labels\":{},\"name\":\"n\","
                        + "\"at\":\"1970-01-01T00:00:01.000000500Z\"}",
                new String(converter.fromConnectData("t", null, value.value()), StandardCharsets.UTF_8));
    }

    @Test
    void whatAStructCannotHoldIsRefusedNamingTheField() {
        DynamicMessage unknown = builder(SHAPES).setField(field(SHAPES, "inner"), builder(field(SHAPES, "inner")
                        .getMessageType()).setUnknownFields(UnknownFieldSet.newBuilder().addField(99,
                        UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build())
                .build();
        assertEquals("/inner: field number 99 is not in test.kinds.Inner, and a structured value keeps only the"
                + " declared fields", assertThrows(IllegalArgumentException.class,
                () -> struct(SHAPES).map(unknown.toByteArray())).getMessage());
        struct(SHAPES).check(unknown.toByteArray());
        assertThrows(IllegalArgumentException.class, () -> new ProtobufValueReader(SHAPES, null)
                .map(unknown.toByteArray()));

        assertEquals("/u64: 18446744073709551615 is beyond the signed 64-bit range of Connect's INT64",
                assertThrows(IllegalArgumentException.class, () -> struct(SCALARS)
                        .map(message(SCALARS, "u64", -1L).toByteArray())).getMessage());

        byte[] unknownColour = {(byte) 0x80, 0x01, 9}; // field 16, varint 9: no such Colour
        assertEquals("/colour: 9 is not a value of enum test.kinds.Colour", assertThrows(
                IllegalArgumentException.class, () -> struct(SCALARS).map(unknownColour)).getMessage());
        struct(SCALARS).check(unknownColour);
    }

    @Test
    void bytesThatAreNotTheMessageAreRefused() {
        String garbage = assertThrows(IllegalArgumentException.class,
                () -> struct(SCALARS).check("{\"i32\": 1}".getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(garbage.startsWith("the body is not a protobuf test.kinds.Scalars: "), garbage);
        byte[] cut = message(SCALARS, "text", "a long enough text").toByteArray();
        assertThrows(IllegalArgumentException.class,
                () -> struct(SCALARS).check(java.util.Arrays.copyOf(cut, cut.length - 3)));
        Descriptor legacy = TestDescriptors.type("legacy.desc", "test.legacy.Legacy");
        String missing = assertThrows(IllegalArgumentException.class,
                () -> new ProtobufValueReader(legacy, null).check(new byte[0])).getMessage();
        assertTrue(missing.contains("missing required fields: id"), missing);
    }

    @Test
    void theSizeEstimateCoversWhatTheJsonConverterWrites() {
        DynamicMessage shapes = builder(SHAPES).setField(field(SHAPES, "name"), "\u0001\u0002\u0003 quoted \"")
                .addRepeatedField(field(SHAPES, "numbers"), Integer.MIN_VALUE)
                .addRepeatedField(field(SHAPES, "numbers"), 0)
                .build();
        ProtobufValueReader reader = struct(SHAPES);
        StructuredValue value = reader.map(shapes.toByteArray());
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        int written = converter.fromConnectData("t", (Schema) value.schema(), value.value()).length;
        assertTrue(value.sizeInBytes() >= written, value.sizeInBytes() + " < " + written);
    }

    @Test
    void millionsOfEmptyElementsCannotHideBehindASmallEstimate() {
        Descriptor inner = TestDescriptors.type("kinds.desc", "test.kinds.Inner");
        DynamicMessage.Builder builder = builder(SHAPES);
        for (int i = 0; i < 1_000; i++) {
            builder.addRepeatedField(field(SHAPES, "inners"), DynamicMessage.getDefaultInstance(inner));
        }
        byte[] body = builder.build().toByteArray();
        JsonConverter schemaless = new JsonConverter();
        schemaless.configure(Map.of("schemas.enable", "false"), false);
        StructuredValue map = new ProtobufValueReader(SHAPES, null).map(body);
        int written = schemaless.fromConnectData("t", null, map.value()).length;
        assertTrue(map.sizeInBytes() >= written && map.sizeInBytes() >= 48L * 1_000,
                map.sizeInBytes() + " for " + written + " bytes written");
        StructuredValue struct = struct(SHAPES).map(body);
        JsonConverter withSchemas = new JsonConverter();
        withSchemas.configure(Map.of("schemas.enable", "true"), false);
        int structWritten = withSchemas.fromConnectData("t", (Schema) struct.schema(), struct.value()).length;
        assertTrue(struct.sizeInBytes() >= structWritten, struct.sizeInBytes() + " < " + structWritten);
    }

    @Test
    void nonFiniteNumbersAndTimestampsOutOfRangeAreRefused() {
        assertEquals("/db: NaN is not a finite number", assertThrows(IllegalArgumentException.class,
                () -> struct(SCALARS).map(message(SCALARS, "db", Double.NaN).toByteArray())).getMessage());
        Descriptor timestamp = field(SHAPES, "at").getMessageType();
        byte[] year10000 = builder(SHAPES).setField(field(SHAPES, "at"),
                message(timestamp, "seconds", 253_402_300_800L)).build().toByteArray();
        String refused = assertThrows(IllegalArgumentException.class, () -> struct(SHAPES).map(year10000))
                .getMessage();
        assertTrue(refused.startsWith("/at: a Timestamp of 253402300800 s and 0 ns is outside"), refused);
        struct(SHAPES).check(year10000);
    }

    @Test
    void aStructNamedLikeOneOfItsMessagesIsRefused() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> ProtobufSchemaDerivation.derive(SHAPES, "test.kinds.Inner", null)).getMessage();
        assertEquals("the struct's name test.kinds.Inner is also the name of the message at /inner: choose another"
                + " value.schema.name", message);
    }

    @Test
    void aMessageOfMillionsOfValuesIsRefusedBeforeItIsBuilt() {
        // Field 99 (unknown to the type), varint 0, a million times and one: 3 MB that would parse into as many
        // objects.
        byte[] body = new byte[3 * (WireScan.MAX_VALUES + 1)];
        for (int i = 0; i < body.length; i += 3) {
            body[i] = (byte) 0x98;
            body[i + 1] = 0x06;
        }
        String refused = assertThrows(IllegalArgumentException.class, () -> struct(SCALARS).check(body))
                .getMessage();
        assertEquals("the value: the message holds more than 1000000 values", refused);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> struct(SCALARS).map(body)).getMessage()
                .contains("field number 99 is not in test.kinds.Scalars"));
    }
}
