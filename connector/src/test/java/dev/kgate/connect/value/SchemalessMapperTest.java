package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemalessMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Object map(String json) throws Exception {
        var mapped = SchemalessMapper.INSTANCE.map(JSON.readTree(json), json.length());
        assertNull(mapped.schema());
        return mapped.value();
    }

    @Test
    void aDocumentBecomesMapsListsAndExactNumbers() throws Exception {
        Object value = map("{\"z\": 1, \"a\": [0.1, 2.5e3, -7, true, null, \"x\"], \"m\": {}}");
        assertEquals(Map.of("z", 1L, "a", java.util.Arrays.asList(0.1, 2500.0, -7L, true, null, "x"), "m", Map.of()),
                value);
        assertEquals(List.of("z", "a", "m"), List.copyOf(((Map<?, ?>) value).keySet()), "the document's key order");
    }

    @Test
    void theJsonConverterWritesTheSameDocumentBack() throws Exception {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        String json = "{\"id\":42,\"price\":0.1,\"tags\":[\"a\",\"b\"],\"big\":9007199254740993}";
        byte[] written = converter.fromConnectData("t", null, map(json));
        assertEquals(JSON.readTree(json), JSON.readTree(new String(written, StandardCharsets.UTF_8)));
    }

    @Test
    void aNumberADoubleOrLongWouldChangeIsRefused() {
        refused("{\"n\": 123456789012345678901234567890}", "/n: 123456789012345678901234567890 is outside the"
                + " 64-bit integer range");
        refused("[0.1000000000000000055]", "/0: 0.1000000000000000055 cannot be held exactly as a double");
        refused("{\"a\": {\"b\": [1e400]}}", "/a/b/0: 1E+400 cannot be held exactly");
    }

    private static void refused(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map(json), json);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
