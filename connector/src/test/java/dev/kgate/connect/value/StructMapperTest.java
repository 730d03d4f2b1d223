package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.StructuredValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructMapperTest {

    /** As the front reads bodies: decimals exact. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final StructMapper mapper;

    StructMapperTest() throws Exception {
        mapper = new StructMapper(StructSchemaDerivationTest.derive(StructSchemaDerivationTest.ORDER));
    }

    private StructuredValue map(String json) throws Exception {
        return mapper.map(JSON.readTree(json), json.length());
    }

    @Test
    void aDocumentBecomesAStructWithTypedFields() throws Exception {
        StructuredValue mapped = map("""
                {"id": 42, "total": 9.5, "paid": true, "placed": "2026-12-01T10:15:30+01:00", "due": "2026-12-24",
                 "slot": "10:30:00Z", "note": null, "ship-to": {"city": "Lyon"},
                 "lines": [{"sku": "A-1", "qty": 2}, {"sku": "B-2"}]}
                """);
        assertSame(mapper.schema(), mapped.schema());
        Struct order = (Struct) mapped.value();
        order.validate();
        assertEquals(42L, order.get("id"));
        assertEquals(9.5, order.get("total"));
        assertEquals(true, order.get("paid"));
        assertEquals(Instant.parse("2026-12-01T09:15:30Z"), ((java.util.Date) order.get("placed")).toInstant());
        assertEquals(Instant.parse("2026-12-24T00:00:00Z"), ((java.util.Date) order.get("due")).toInstant());
        assertEquals(10L * 3600_000 + 30 * 60_000, ((java.util.Date) order.get("slot")).getTime());
        assertNull(order.get("note"));
        assertNull(order.get("coupon"), "absent optional fields are null");
        assertEquals("Lyon", order.getStruct("ship-to").get("city"));
        List<Struct> lines = order.getArray("lines");
        assertEquals("B-2", lines.get(1).get("sku"));
        assertNull(lines.get(1).get("qty"));
        assertTrue(mapped.sizeInBytes() > 3L * 100, "the size estimate covers the text and the envelope");
    }

    @Test
    void aWholeNumberWrittenWithAFractionIsAnInteger() throws Exception {
        Struct order = (Struct) map("{\"id\": 4.0, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": []}").value();
        assertEquals(4L, order.get("id"));
    }

    @Test
    void whatAStructCannotHoldIsRefusedNamingWhereInTheDocument() {
        refused("{\"id\": 1, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": [], \"extra\": 1}",
                "the value: property 'extra' is not in the station's schema");
        refused("{\"id\": 1, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": [{\"sku\": \"a\"}, {\"sku\": \"b\","
                + " \"colour\": \"red\"}]}", "/lines/1: property 'colour'");
        refused("{\"id\": 123456789012345678901234567890, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": []}",
                "/id: 123456789012345678901234567890 is outside the 64-bit integer range");
        refused("{\"id\": 1.5, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": []}", "/id: 1.5 is not a whole");
        refused("{\"id\": 1, \"total\": 1e400, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": []}",
                "/total: 1E+400 is beyond a double's range");
        refused("{\"id\": 1, \"placed\": \"yesterday\", \"lines\": []}", "/placed: 'yesterday' is not an RFC 3339"
                + " timestamp");
        refused("{\"id\": 1, \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": [{\"sku\": null}]}",
                "/lines/0/sku: a value is required");
        refused("{\"id\": \"1\", \"placed\": \"2026-12-01T00:00:00Z\", \"lines\": []}", "/id: must be an integer");
        refused("[1]", "the value: must be an object");
    }

    private void refused(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map(json), json);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
