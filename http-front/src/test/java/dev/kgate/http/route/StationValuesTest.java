package dev.kgate.http.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.JsonValueMapper;
import dev.kgate.http.ingest.ProtobufReader;
import dev.kgate.http.ingest.StructuredValue;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StationValuesTest {

    /** Stands in for the connector's mappers: the document itself, as the "value". */
    private static final JsonValueMapper DOCUMENT = (document, textBytes) ->
            new StructuredValue("schema", document, textBytes);

    private static final byte[] TEXT = "{\"id\": 1}".getBytes(StandardCharsets.UTF_8);

    private static JsonNode tree() throws Exception {
        return new ObjectMapper().readTree(TEXT);
    }

    @Test
    void jsonBodiesTakeTheFormOfTheMode() throws Exception {
        assertArrayEquals(TEXT, (byte[]) StationValues.AS_SENT.ofJson(TEXT, null).value());
        assertArrayEquals(TEXT, (byte[]) new StationValues(ValueMode.BYTES, null).ofJson(TEXT, null).value());
        TypedValue string = new StationValues(ValueMode.STRING, null).ofJson(TEXT, null);
        assertEquals(new TypedValue(ValueType.STRING, "{\"id\": 1}"), string);
        TypedValue structured = new StationValues(ValueMode.STRUCT, DOCUMENT).ofJson(TEXT, tree());
        assertEquals(ValueType.STRUCTURED, structured.type());
        assertEquals(tree(), ((StructuredValue) structured.value()).value());
    }

    @Test
    void otherBodiesAreBytesOrStrictUtf8TextAndNeverStructured() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
        assertArrayEquals(latin1, (byte[]) new StationValues(ValueMode.BYTES, null).ofBody(latin1).value());
        IllegalArgumentException notUtf8 = assertThrows(IllegalArgumentException.class,
                () -> new StationValues(ValueMode.STRING, null).ofBody(latin1));
        assertEquals("the body is not UTF-8 text", notUtf8.getMessage());
        assertEquals("café", new StationValues(ValueMode.STRING, null)
                .ofBody("café".getBytes(StandardCharsets.UTF_8)).value());
        assertThrows(IllegalArgumentException.class, () -> new StationValues(ValueMode.JSON, DOCUMENT).ofBody(TEXT));
    }

    @Test
    void socketJsonValuesTakeTheModeAndOtherTypesPassOnlyOutsideTheJsonModes() throws Exception {
        TypedValue json = new TypedValue(ValueType.JSON, "{\"id\":1}");
        assertSame(json, StationValues.AS_SENT.ofSocketValue(json, null));
        assertEquals(TypedValue.string("{\"id\":1}"), new StationValues(ValueMode.STRING, null)
                .ofSocketValue(json, null));
        assertArrayEquals("{\"id\":1}".getBytes(StandardCharsets.UTF_8),
                (byte[]) new StationValues(ValueMode.BYTES, null).ofSocketValue(json, null).value());
        assertEquals(ValueType.STRUCTURED, new StationValues(ValueMode.JSON, DOCUMENT)
                .ofSocketValue(json, tree()).type());
        TypedValue number = new TypedValue(ValueType.INT32, 7);
        assertSame(number, new StationValues(ValueMode.STRING, null).ofSocketValue(number, null));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new StationValues(ValueMode.STRUCT, DOCUMENT).ofSocketValue(number, null));
        assertTrue(refused.getMessage().contains("takes json values (value mode struct), not int32"),
                refused.getMessage());
    }

    @Test
    void modesByConfigName() {
        assertEquals(ValueMode.STRUCT, ValueMode.parse(" Struct "));
        assertEquals("unknown value mode 'as-sent': use bytes, string, json, struct",
                assertThrows(IllegalArgumentException.class, () -> ValueMode.parse("as-sent")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StationValues(ValueMode.JSON, null));
    }

    /** Stands in for the connector's reader: a "message" is valid when it starts with 0x08. */
    private static final ProtobufReader PROTOBUF = new ProtobufReader() {
        @Override
        public String messageType() {
            return "shop.v1.Order";
        }

        @Override
        public void check(byte[] message) {
            if (message.length > 0 && message[0] != 0x08) {
                throw new IllegalArgumentException("not a shop.v1.Order");
            }
        }

        @Override
        public StructuredValue map(byte[] message) {
            check(message);
            return new StructuredValue("schema", message.length, 10);
        }
    };

    @Test
    void protobufStationsTakeCheckedMessagesOnly() {
        byte[] order = {0x08, 0x2A};
        assertArrayEquals(order, (byte[]) StationValues.protobuf(ValueMode.AS_SENT, PROTOBUF).ofProtobuf(order)
                .value());
        assertArrayEquals(order, (byte[]) StationValues.protobuf(ValueMode.BYTES, PROTOBUF)
                .ofSocketValue(TypedValue.bytes(order), null).value());
        StationValues struct = StationValues.protobuf(ValueMode.STRUCT, PROTOBUF);
        assertEquals(new StructuredValue("schema", 2, 10), struct.ofProtobuf(order).value());
        assertEquals("shop.v1.Order", struct.protobufType());
        assertTrue(struct.structured());
        assertEquals(false, struct.jsonOnly());
        assertEquals("not a shop.v1.Order", assertThrows(IllegalArgumentException.class,
                () -> StationValues.protobuf(ValueMode.BYTES, PROTOBUF).ofProtobuf(new byte[]{0x10})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> struct.ofJson(TEXT, null));
        assertThrows(IllegalArgumentException.class, () -> struct.ofBody(TEXT));
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
                () -> struct.ofSocketValue(new TypedValue(ValueType.JSON, "{}"), null));
        assertTrue(json.getMessage().contains("protobuf messages of type shop.v1.Order as bytearray values, not json"),
                json.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StationValues.protobuf(ValueMode.STRING, PROTOBUF));
    }
}
