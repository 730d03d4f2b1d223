package dev.kgate.http.cloudevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ingest.MessageHeader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuredCloudEventsTest {

    private static final String REQUIRED = "\"specversion\":\"1.0\",\"id\":\"A234-1234-1234\","
            + "\"source\":\"/mycontext\",\"type\":\"com.example.someevent\"";

    static CloudEventRecord read(String json) throws InvalidCloudEventException {
        return StructuredCloudEvents.read(json.getBytes(StandardCharsets.UTF_8));
    }

    static String value(CloudEventRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static void invalid(String json, String words) {
        InvalidCloudEventException e = assertThrows(InvalidCloudEventException.class, () -> read(json), json);
        assertTrue(e.getMessage().contains(words), "'" + e.getMessage() + "' should say '" + words + "'");
    }

    private static MessageHeader header(String key, String value) {
        return new MessageHeader(key, value);
    }

    @Test
    void jsonDataIsTheValueExactlyAsSent() throws Exception {
        String data = "{ \"price\" : 1.10,\n  \"big\": 12345678901234567890.50, \"list\": [1, 2 ] }";
        CloudEventRecord record = read("{" + REQUIRED + ", \"data\" : " + data + " \n, \"comexampleextension1\":"
                + " \"value\"}");
        assertEquals(data, value(record));
        assertTrue(record.jsonData());
        assertEquals(List.of(header("ce_specversion", "1.0"), header("ce_id", "A234-1234-1234"),
                header("ce_source", "/mycontext"), header("ce_type", "com.example.someevent"),
                // The JSON format: data without a datacontenttype is application/json.
                header("content-type", "application/json"), header("ce_comexampleextension1", "value")),
                record.headers());
    }

    @Test
    void dataLastOrAScalarOrAStringIsSlicedToo() throws Exception {
        assertEquals("[1,2]", value(read("{" + REQUIRED + ",\"data\":[1,2]}")));
        assertEquals("42", value(read("{\"data\":42," + REQUIRED + "}")));
        assertEquals("\"hello\"", value(read("{" + REQUIRED + ",\"data\":\"hello\"\r\n}")));
        assertEquals("null", value(read("{" + REQUIRED + ",\"data\":null}")));
        CloudEventRecord vendorJson = read("{" + REQUIRED + ",\"datacontenttype\":\"application/vnd.api+json;"
                + " charset=utf-8\",\"data\":{\"a\":[]}}");
        assertEquals("{\"a\":[]}", value(vendorJson));
        assertTrue(vendorJson.jsonData());
    }

    @Test
    void everyAttributeBecomesAHeaderInTheSpecsOrderThenTheExtensionsAsSent() throws Exception {
        CloudEventRecord record = read("{\"zext\":\"last\",\"time\":\"2018-04-05T17:31:00Z\",\"subject\":\"123\","
                + "\"dataschema\":\"https://example.com/schema.json\",\"datacontenttype\":\"application/json\","
                + REQUIRED + ",\"flag\":true,\"count\":42,\"absent\":null,\"data\":{}}");
        assertEquals(List.of(header("ce_specversion", "1.0"), header("ce_id", "A234-1234-1234"),
                header("ce_source", "/mycontext"), header("ce_type", "com.example.someevent"),
                header("content-type", "application/json"),
                header("ce_dataschema", "https://example.com/schema.json"), header("ce_subject", "123"),
                header("ce_time", "2018-04-05T17:31:00Z"), header("ce_zext", "last"), header("ce_flag", "true"),
                header("ce_count", "42")), record.headers());
    }

    @Test
    void dataBase64IsDecodedAndNoTypeIsImpliedForIt() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, '{'};
        CloudEventRecord record = read("{" + REQUIRED + ",\"data_base64\":\""
                + Base64.getEncoder().encodeToString(bytes) + "\"}");
        assertArrayEquals(bytes, record.value());
        assertFalse(record.jsonData());
        assertTrue(record.headers().stream().noneMatch(h -> h.key().equals("content-type")), record.headers()
                .toString());
        CloudEventRecord png = read("{" + REQUIRED + ",\"datacontenttype\":\"image/png\",\"data_base64\":\"AAE=\"}");
        assertArrayEquals(new byte[]{0, 1}, png.value());
        assertTrue(png.headers().contains(header("content-type", "image/png")));
        invalid("{" + REQUIRED + ",\"data_base64\":\"not base64!\"}", "not valid base64");
        invalid("{" + REQUIRED + ",\"data_base64\":12}", "base64 string");
    }

    @Test
    void nonJsonDataIsAStringWrittenAsItsText() throws Exception {
        CloudEventRecord xml = read("{" + REQUIRED + ",\"datacontenttype\":\"text/xml\",\"data\":\"<much "
                + "wow=\\\"xml\\\"/>\"}");
        assertEquals("<much wow=\"xml\"/>", value(xml));
        assertFalse(xml.jsonData());
        invalid("{" + REQUIRED + ",\"datacontenttype\":\"text/plain\",\"data\":{\"a\":1}}",
                "'data' must be a JSON string when the datacontenttype ('text/plain') is not JSON");
    }

    @Test
    void anEventWithoutDataHasAnEmptyValue() throws Exception {
        CloudEventRecord record = read("{" + REQUIRED + "}");
        assertEquals(0, record.value().length);
        assertEquals(4, record.headers().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"specversion", "id", "source", "type"})
    void eachMissingRequiredAttributeIsNamed(String attribute) {
        String json = "{" + REQUIRED.replaceAll("\"" + attribute + "\":\"[^\"]*\",?", "").replaceAll(",$", "")
                + ",\"data\":1}";
        invalid(json, "the required attribute '" + attribute + "' is missing");
        invalid(json.replace("{", "{\"" + attribute + "\":null,"), "the required attribute '" + attribute
                + "' is missing");
    }

    @Test
    void onlySpecVersionOneIsRead() {
        for (String version : List.of("0.3", "2.0", "1", "1.0 ", "")) {
            invalid("{" + REQUIRED.replace("\"1.0\"", "\"" + version + "\"") + "}", "specversion '" + version
                    + "' is not supported: use 1.0");
        }
        invalid("{" + REQUIRED.replace("\"1.0\"", "1.0") + "}", "the attribute 'specversion' must be a string");
    }

    @Test
    void dataAndDataBase64TogetherAreRefused() {
        invalid("{" + REQUIRED + ",\"data\":{},\"data_base64\":\"AAE=\"}", "either 'data' or 'data_base64', not both");
        invalid("{" + REQUIRED + ",\"data_base64\":\"AAE=\",\"data\":\"x\"}", "not both");
    }

    @Test
    void attributesMustFollowTheSpec() {
        invalid("{" + REQUIRED.replace("\"A234-1234-1234\"", "\"\"") + "}", "the attribute 'id' must not be empty");
        invalid("{" + REQUIRED.replace("\"A234-1234-1234\"", "12") + "}", "the attribute 'id' must be a string");
        invalid("{" + REQUIRED + ",\"subject\":\"\"}", "'subject' must not be empty");
        invalid("{" + REQUIRED + ",\"time\":\"yesterday\"}", "'time' must be an RFC 3339 timestamp");
        invalid("{" + REQUIRED.replace("/mycontext", "not a uri") + "}", "'source' must be a URI-reference");
        invalid("{" + REQUIRED + ",\"dataschema\":\"a b\"}", "'dataschema' must be a URI");
        invalid("{" + REQUIRED + ",\"MyExt\":\"x\"}", "'MyExt' is not a valid attribute name");
        invalid("{" + REQUIRED + ",\"my-ext\":\"x\"}", "'my-ext' is not a valid attribute name");
        invalid("{" + REQUIRED + ",\"ext\":1.5}", "'ext' must be a string, a boolean or an integer");
        invalid("{" + REQUIRED + ",\"ext\":{\"a\":1}}", "must be a string, a boolean or an integer");
        invalid("{" + REQUIRED + ",\"ext\":[]}", "must be a string, a boolean or an integer");
        invalid("{" + REQUIRED + ",\"ext\":4294967296}", "'ext' is an integer beyond 32 bits");
        invalid("{" + REQUIRED + ",\"id\":\"again\"}", "the attribute 'id' is given twice");
        invalid("{" + REQUIRED + ",\"data\":1,\"data\":2}", "'data' is given twice");
        invalid("{" + REQUIRED + ",\"" + "X".repeat(500) + "\":\"y\"}", "'" + "X".repeat(40) + "...'");
    }

    @Test
    void onlyOneWellFormedJsonObjectIsAnEvent() {
        invalid("[{" + REQUIRED + "}]", "an event is a JSON object (a batch of them goes to /produce/batch");
        invalid("\"event\"", "an event is a JSON object");
        invalid("", "an event is a JSON object");
        invalid("{" + REQUIRED, "not valid JSON");
        invalid("{" + REQUIRED + ",\"data\":{\"a\":}}", "not valid JSON");
        invalid("{" + REQUIRED + "} {}", "more follows the event");
        invalid("{" + REQUIRED + ",\"data\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}", "nests deeper");
        InvalidCloudEventException utf16 = assertThrows(InvalidCloudEventException.class,
                () -> StructuredCloudEvents.read(("{" + REQUIRED + "}").getBytes(StandardCharsets.UTF_16)));
        assertTrue(utf16.getMessage().contains("UTF-8"), utf16.getMessage());
    }

    /** Events as the SDK's own JSON format writes them read back as the SDK meant them. */
    @Test
    void readsWhatTheSdksJsonFormatWrites() throws Exception {
        byte[] json = "{\"order\":17,\"items\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8);
        CloudEvent event = CloudEventBuilder.v1()
                .withId("sdk-1")
                .withSource(URI.create("https://example.com/orders"))
                .withType("com.example.order.created")
                .withSubject("order/17")
                .withTime(OffsetDateTime.parse("2026-12-01T10:15:30.5+01:00"))
                .withDataSchema(URI.create("https://example.com/order.json"))
                .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .withExtension("priority", 3)
                .withExtension("urgent", true)
                .withData("application/json", json)
                .build();
        CloudEventRecord record = StructuredCloudEvents.read(new JsonFormat().serialize(event));
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(json), mapper.readTree(record.value()));
        assertTrue(record.jsonData());
        for (String attribute : event.getAttributeNames()) {
            String name = attribute.equals("datacontenttype") ? "content-type" : "ce_" + attribute;
            assertTrue(record.headers().stream().anyMatch(h -> h.key().equals(name)), name + " in "
                    + record.headers());
        }
        assertTrue(record.headers().contains(header("ce_time", "2026-12-01T10:15:30.5+01:00")), record.headers()
                .toString());
        for (String extension : event.getExtensionNames()) {
            assertTrue(record.headers().contains(header("ce_" + extension,
                    String.valueOf(event.getExtension(extension)))), extension + " in " + record.headers());
        }

        byte[] bytes = {(byte) 0xca, (byte) 0xfe, 0, 1};
        CloudEvent binary = CloudEventBuilder.v1().withId("sdk-2").withSource(URI.create("urn:x"))
                .withType("t").withData("application/octet-stream", bytes).build();
        CloudEventRecord binaryRecord = StructuredCloudEvents.read(new JsonFormat().serialize(binary));
        assertArrayEquals(bytes, binaryRecord.value());
        assertTrue(binaryRecord.headers().contains(header("content-type", "application/octet-stream")));
    }
}
