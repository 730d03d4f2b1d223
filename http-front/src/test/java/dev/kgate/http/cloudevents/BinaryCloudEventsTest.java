package dev.kgate.http.cloudevents;

import dev.kgate.http.ingest.MessageHeader;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryCloudEventsTest {

    /** The HTTP binding's binary-mode example, less its data. */
    private static HeaderMap headers(String... more) {
        HeaderMap headers = new HeaderMap();
        headers.add(HttpString.tryFromString("ce-specversion"), "1.0");
        headers.add(HttpString.tryFromString("ce-type"), "com.example.someevent");
        headers.add(HttpString.tryFromString("ce-time"), "2018-04-05T03:56:24Z");
        headers.add(HttpString.tryFromString("ce-id"), "1234-1234-1234");
        headers.add(HttpString.tryFromString("ce-source"), "/mycontext/subcontext");
        for (int i = 0; i < more.length; i += 2) {
            headers.add(HttpString.tryFromString(more[i]), more[i + 1]);
        }
        return headers;
    }

    private static void invalid(HeaderMap headers, String words) {
        InvalidCloudEventException e = assertThrows(InvalidCloudEventException.class,
                () -> BinaryCloudEvents.read(headers, "x".getBytes()));
        assertTrue(e.getMessage().contains(words), "'" + e.getMessage() + "' should say '" + words + "'");
    }

    @Test
    void theBodyIsTheDataAndTheHeadersTheAttributes() throws Exception {
        byte[] body = "{ \"much\" : \"wow\" }".getBytes(StandardCharsets.UTF_8);
        CloudEventRecord record = BinaryCloudEvents.read(headers("Content-Type", "application/json; charset=utf-8",
                "ce-comexampleextension1", "value", "CE-Traceparent", "00-abc-01", "X-Other", "not an attribute"),
                body);
        assertArrayEquals(body, record.value());
        assertTrue(record.jsonData());
        assertEquals("application/json; charset=utf-8", record.dataContentType());
        List<MessageHeader> expected = List.of(new MessageHeader("ce_specversion", "1.0"),
                new MessageHeader("ce_id", "1234-1234-1234"), new MessageHeader("ce_source", "/mycontext/subcontext"),
                new MessageHeader("ce_type", "com.example.someevent"),
                new MessageHeader("content-type", "application/json; charset=utf-8"),
                new MessageHeader("ce_time", "2018-04-05T03:56:24Z"));
        assertEquals(expected, record.headers().subList(0, 6));
        assertEquals(8, record.headers().size(), record.headers().toString());
        assertTrue(record.headers().contains(new MessageHeader("ce_comexampleextension1", "value")));
        assertTrue(record.headers().contains(new MessageHeader("ce_traceparent", "00-abc-01")));
    }

    @Test
    void anyContentTypeOrNoneIsTheData() throws Exception {
        CloudEventRecord xml = BinaryCloudEvents.read(headers("Content-Type", "application/xml"), "<a/>".getBytes());
        assertFalse(xml.jsonData());
        assertEquals("<a/>", new String(xml.value(), StandardCharsets.UTF_8));
        CloudEventRecord none = BinaryCloudEvents.read(headers(), new byte[0]);
        assertEquals(0, none.value().length);
        assertTrue(none.headers().stream().noneMatch(h -> h.key().equals("content-type")));
        assertFalse(BinaryCloudEvents.read(headers("Content-Type", "application/json"), new byte[0]).jsonData(),
                "no data is not JSON data");
    }

    @Test
    void isPresentWhenTheSpecVersionHeaderIsInAnyCase() {
        assertTrue(BinaryCloudEvents.present(headers()));
        HeaderMap upper = new HeaderMap();
        upper.add(HttpString.tryFromString("CE-SpecVersion"), "1.0");
        assertTrue(BinaryCloudEvents.present(upper));
        HeaderMap other = new HeaderMap();
        other.add(HttpString.tryFromString("ce-id"), "1");
        assertFalse(BinaryCloudEvents.present(other));
    }

    @Test
    void headerValuesArePercentDecodedUtf8() throws Exception {
        String latin1OfUtf8 = new String("ü".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        CloudEventRecord record = BinaryCloudEvents.read(headers("ce-subject", "caf%C3%A9 100%25 " + latin1OfUtf8),
                new byte[0]);
        assertTrue(record.headers().contains(new MessageHeader("ce_subject", "café 100% ü")), record.headers()
                .toString());
        invalid(headers("ce-subject", "50%"), "'%' that is not followed by two hex digits");
        invalid(headers("ce-subject", "%zz"), "two hex digits");
        invalid(headers("ce-subject", "%C3"), "ce-subject is not UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"specversion", "id", "source", "type"})
    void eachMissingRequiredAttributeIsNamed(String attribute) {
        HeaderMap headers = headers();
        headers.remove("ce-" + attribute);
        if (attribute.equals("specversion")) {
            InvalidCloudEventException e = assertThrows(InvalidCloudEventException.class,
                    () -> BinaryCloudEvents.read(headers, new byte[0]));
            assertEquals("the required attribute 'specversion' is missing", e.getMessage());
        } else {
            invalid(headers, "the required attribute '" + attribute + "' is missing");
        }
    }

    @Test
    void headersThatCannotBeAttributesAreRefused() {
        invalid(headers("ce-datacontenttype", "text/plain"), "the datacontenttype is the Content-Type header");
        invalid(headers("ce-data", "x"), "the body is the data");
        invalid(headers("ce-data_base64", "eA=="), "the body is the data");
        invalid(headers("ce-id", "again"), "the header ce-id is repeated");
        invalid(headers("ce-my-ext", "x"), "'my-ext' is not a valid attribute name");
        HeaderMap soon = headers();
        soon.put(HttpString.tryFromString("ce-time"), "soon");
        invalid(soon, "RFC 3339");
        HeaderMap old = headers();
        old.put(HttpString.tryFromString("ce-specversion"), "0.3");
        invalid(old, "specversion '0.3' is not supported: use 1.0");
    }
}
