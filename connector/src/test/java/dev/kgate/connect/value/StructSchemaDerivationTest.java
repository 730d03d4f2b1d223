package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructSchemaDerivationTest {

    static final String ORDER = """
            {"type": "object", "additionalProperties": false,
             "required": ["id", "placed", "lines"],
             "properties": {
               "id": {"type": "integer", "description": "the order number"},
               "total": {"type": "number"},
               "paid": {"type": "boolean"},
               "placed": {"type": "string", "format": "date-time"},
               "due": {"type": "string", "format": "date"},
               "slot": {"type": "string", "format": "time"},
               "email": {"type": "string", "format": "email"},
               "status": {"enum": ["new", "shipped"]},
               "note": {"type": ["string", "null"]},
               "coupon": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/code"}]},
               "ship-to": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
               "lines": {"type": "array", "items": {"type": "object", "required": ["sku"],
                         "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}}}
             },
             "$defs": {"code": {"type": "string", "minLength": 3}}}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    static Schema derive(String schema) throws Exception {
        return StructSchemaDerivation.derive(JSON.readTree(schema), "shop.Order", 3);
    }

    @Test
    void everyMappableKeywordBecomesItsConnectType() throws Exception {
        Schema order = derive(ORDER);
        assertEquals(Schema.Type.STRUCT, order.type());
        assertEquals("shop.Order", order.name());
        assertEquals(3, order.version());
        assertFalse(order.isOptional());
        assertEquals(Schema.INT64_SCHEMA.type(), order.field("id").schema().type());
        assertFalse(order.field("id").schema().isOptional(), "required");
        assertEquals("the order number", order.field("id").schema().doc());
        assertEquals(Schema.OPTIONAL_FLOAT64_SCHEMA, order.field("total").schema());
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, order.field("paid").schema());
        assertEquals(Timestamp.SCHEMA, order.field("placed").schema());
        assertEquals(Date.builder().optional().build(), order.field("due").schema());
        assertEquals(Time.builder().optional().build(), order.field("slot").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, order.field("email").schema(), "formats without a logical type");
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, order.field("status").schema(), "an enum takes its values' type");
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, order.field("note").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, order.field("coupon").schema(), "nullable union through a $ref");
        Schema shipTo = order.field("ship-to").schema();
        assertEquals("shop.Order.ship_to", shipTo.name(), "nested structs are named after their field");
        assertTrue(shipTo.isOptional());
        assertFalse(shipTo.field("city").schema().isOptional());
        Schema lines = order.field("lines").schema();
        assertEquals(Schema.Type.ARRAY, lines.type());
        assertEquals("shop.Order.lines", lines.valueSchema().name());
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, lines.valueSchema().field("qty").schema());
        assertEquals(order.fields().stream().map(f -> f.name()).toList(), java.util.List.of("id", "total", "paid",
                "placed", "due", "slot", "email", "status", "note", "coupon", "ship-to", "lines"), "declared order");
    }

    @Test
    void theSameSchemaAlwaysGivesTheSameConnectSchema() throws Exception {
        assertEquals(derive(ORDER), derive(ORDER));
        assertNull(StructSchemaDerivation.derive(JSON.readTree(ORDER), "shop.Order", null).version());
    }

    @Test
    void whatAStructCannotHoldIsRefusedNamingTheSchemaPath() {
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}, \"additionalProperties\":"
                + " true}", "#/additionalProperties");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"object\", \"properties\": {\"b\":"
                + " {\"type\": \"string\"}}, \"additionalProperties\": {\"type\": \"string\"}}}}",
                "#/properties/a/additionalProperties");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\":"
                + " \"integer\"}]}}}", "#/properties/a/oneOf");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": [\"string\", \"integer\"]}}}",
                "#/properties/a");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"allOf\": [{\"type\": \"string\"}]}}}",
                "#/properties/a/allOf");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {}}}", "#/properties/a does not say");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"array\"}}}", "#/properties/a describes"
                + " an array");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"object\"}}}", "without properties");
        refused("{\"type\": \"object\", \"patternProperties\": {\"x\": {}}, \"properties\": {\"a\": {\"type\":"
                + " \"string\"}}}", "#/patternProperties");
        refused("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}", "#");
        refused("{\"type\": \"object\", \"properties\": {\"next\": {\"$ref\": \"#\"}}}", "recursive");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"https://example.com/s.json\"}}}",
                "only local references");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/none\"}}}", "points at nothing");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"enum\": [\"x\", 1]}}}", "several types");
        refused("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"null\"}}}", "only null");
    }

    private static void refused(String schema, String expected) {
        UnmappableSchemaException e = assertThrows(UnmappableSchemaException.class, () -> derive(schema), schema);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void nestedNamesAreValidAvroNames() {
        assertEquals("ship_to", StructSchemaDerivation.avroName("ship-to"));
        assertEquals("_st", StructSchemaDerivation.avroName("1st"));
        assertEquals("_", StructSchemaDerivation.avroName(""));
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }
}
