package dev.kgate.http.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.JsonValueMapper;
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
}
