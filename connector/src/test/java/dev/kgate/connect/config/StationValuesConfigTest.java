package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.StructuredValue;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.ValueMode;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stations.rule.<name>.value*}, as {@code config/validate} reports it. */
class StationValuesConfigTest {

    private static final String SCHEMA = "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}},"
            + " \"required\": [\"id\"]}";

    private static Map<String, String> station(String... keyValues) {
        Map<String, String> props = HttpGatewayConfigTest.minimal();
        props.put("stations.rules", "orders");
        props.put("stations.rule.orders.topics", "orders");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("stations.rule.orders." + keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static StationRule rule(Map<String, String> props) {
        return new HttpGatewayConfig(props).stationRules().ruleFor("orders");
    }

    private static String onlyError(Map<String, String> props) {
        List<String> errors = HttpGatewayConfigTest.errorsOf(props, "stations.rules");
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void eachModeByName() {
        assertEquals(ValueMode.AS_SENT, rule(station()).values().mode());
        for (ValueMode mode : List.of(ValueMode.BYTES, ValueMode.STRING, ValueMode.JSON)) {
            assertEquals(mode, rule(station("value", mode.configName())).values().mode());
        }
        assertEquals(ValueMode.STRUCT, rule(station("value", "STRUCT", "schema", SCHEMA)).values().mode());
        assertTrue(HttpGatewayConfigTest.errorsOf(station("value", "struct", "schema", SCHEMA), "stations.rules")
                .isEmpty());
    }

    @Test
    void aStructStationNamesItsSchemaStably() {
        Schema named = schemaOf(rule(station("value", "struct", "schema", SCHEMA, "value.schema.name", "shop.Order",
                "value.schema.version", "2")));
        assertEquals("shop.Order", named.name());
        assertEquals(2, named.version());
        Schema byDefault = schemaOf(rule(station("value", "struct", "schema", SCHEMA)));
        assertEquals("kgate.orders", byDefault.name());
        assertEquals(null, byDefault.version());
    }

    /** The schema of the struct a document posted to the station becomes. */
    private static Schema schemaOf(StationRule rule) {
        String json = "{\"id\":1}";
        TypedValue value = rule.values().ofJson(json.getBytes(StandardCharsets.UTF_8), tree(json));
        return (Schema) ((StructuredValue) value.value()).schema();
    }

    @Test
    void mistakesAreReportedAtValidateNamingTheKeyOrSchemaPath() {
        assertTrue(onlyError(station("value", "avro")).contains("stations.rule.orders.value: unknown value mode"
                + " 'avro': use bytes, string, json, struct"));
        assertTrue(onlyError(station("value", "struct")).contains("derives the struct from the station's JSON"
                + " Schema or protobuf message type: set stations.rule.orders.schema"));
        assertTrue(onlyError(station("value", "json", "value.schema.name", "a.B")).contains(
                "stations.rule.orders.value.schema.name applies only with stations.rule.orders.value=struct"));
        assertTrue(onlyError(station("value", "struct", "schema", SCHEMA, "value.schema.name", "a-b"))
                .contains("is not a dotted name"));
        assertTrue(onlyError(station("value", "struct", "schema", SCHEMA, "value.schema.version", "0"))
                .contains("must be a whole number from 1"));
        assertTrue(onlyError(station("value", "struct", "schema", "{\"type\": \"object\", \"properties\": {\"a\":"
                + " {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}}}"))
                .contains("the JSON Schema at #/properties/a/oneOf is a union"));
    }

    @Test
    void aStructuredStationNeedsAConverterThatWritesStructures() {
        Map<String, String> props = station("value", "json");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        assertTrue(onlyError(props).contains("rule 'orders' makes structured values, which"
                + " org.apache.kafka.connect.converters.ByteArrayConverter cannot write"));
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertTrue(HttpGatewayConfigTest.errorsOf(props, "stations.rules").isEmpty());
    }

    private static JsonNode tree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example station's descriptor set (config/protobuf/orders.desc), as the worker reads it. */
    private static final String ORDERS_DESCRIPTOR = java.nio.file.Path.of("..", "config", "protobuf", "orders.desc")
            .toString();

    private static Map<String, String> protobufStation(String... keyValues) {
        Map<String, String> props = station(keyValues);
        props.put("stations.rule.orders.protobuf.message", "shop.v1.Order");
        props.putIfAbsent("stations.rule.orders.protobuf.descriptor.file", ORDERS_DESCRIPTOR);
        return props;
    }

    @Test
    void aProtobufStationTakesItsTypeFromADescriptorSetFileOrInline() throws IOException {
        StationRule byFile = rule(protobufStation("value", "struct"));
        assertEquals("shop.v1.Order", byFile.values().protobufType());
        Schema schema = (Schema) ((StructuredValue) byFile.values().ofProtobuf(new byte[0]).value()).schema();
        assertEquals("shop.v1.Order", schema.name());
        Schema named = (Schema) ((StructuredValue) rule(protobufStation("value", "struct", "value.schema.name",
                "shop.Order", "value.schema.version", "4")).values().ofProtobuf(new byte[0]).value()).schema();
        assertEquals("shop.Order", named.name());
        assertEquals(4, named.version());
        Map<String, String> inline = station("protobuf.message", "shop.v1.Order", "protobuf.descriptor",
                java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(
                        java.nio.file.Path.of(ORDERS_DESCRIPTOR))));
        assertEquals(ValueMode.AS_SENT, rule(inline).values().mode());
        assertEquals("shop.v1.Order", rule(inline).values().protobufType());
        assertEquals(0, rule(inline).values().ofProtobuf(new byte[0]).sizeInBytes());
    }

    @Test
    void protobufMistakesAreReportedAtValidate() {
        assertTrue(onlyError(station("protobuf.message", "shop.v1.Order")).contains("a protobuf station needs"
                + " stations.rule.orders.protobuf.message and one of stations.rule.orders.protobuf.descriptor.file"
                + " or stations.rule.orders.protobuf.descriptor"));
        assertTrue(onlyError(protobufStation("protobuf.descriptor", "AAAA")).contains("a protobuf station needs"));
        assertTrue(onlyError(protobufStation("protobuf.descriptor.file", "/no/such.desc")).contains(
                "cannot read stations.rule.orders.protobuf.descriptor.file /no/such.desc"));
        Map<String, String> wrongType = protobufStation();
        wrongType.put("stations.rule.orders.protobuf.message", "shop.v1.Ordr");
        assertTrue(onlyError(wrongType).contains("stations.rule.orders.protobuf.message: the descriptor set has no"
                + " message type 'shop.v1.Ordr'; it has shop.v1.Order, shop.v1.Line"), onlyError(wrongType));
        assertTrue(onlyError(protobufStation("schema", SCHEMA)).contains("its messages follow a JSON Schema or a"
                + " protobuf message type, not both"));
        assertTrue(onlyError(protobufStation("key", "pointer:/id")).contains("reads JSON bodies, and the station"
                + " takes protobuf messages"));
        assertTrue(onlyError(protobufStation("value", "string")).contains("value=string does not fit protobuf"));
        Map<String, String> converter = protobufStation("value", "struct");
        converter.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        assertTrue(onlyError(converter).contains("makes structured values"));
    }
}
