package dev.kgate.http.rest;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentTypesTest {

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+*-]+");
    /** Form posts, as browsers, curl -d and many webhook senders make them: never a message, on either route. */
    private static final List<String> FORMS = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "multipart/form-data; boundary=----x",
            "Multipart/Form-Data", "multipart/mixed; boundary=x");

    @Test
    void mapsTheThreeAcceptedTypesWithParametersAndAnyCase() {
        assertEquals(PayloadFormat.TEXT, ContentTypes.formatOf("text/plain"));
        assertEquals(PayloadFormat.TEXT, ContentTypes.formatOf("text/csv; charset=utf-8"));
        assertEquals(PayloadFormat.JSON, ContentTypes.formatOf("application/json"));
        assertEquals(PayloadFormat.JSON, ContentTypes.formatOf("Application/JSON; charset=UTF-8"));
        assertEquals(PayloadFormat.PROTOBUF, ContentTypes.formatOf("application/x-protobuf"));
        assertEquals(PayloadFormat.PROTOBUF, ContentTypes.formatOf("application/protobuf; proto=shop.v1.Order"));
        assertEquals(PayloadFormat.BINARY, ContentTypes.formatOf("application/octet-stream"));
    }

    @Test
    void cloudEventsGoWhereTheirModeBelongs() {
        assertEquals(PayloadFormat.CLOUDEVENT_STRUCTURED, ContentTypes.formatOf("application/cloudevents+json"));
        assertEquals(PayloadFormat.CLOUDEVENT_STRUCTURED,
                ContentTypes.formatOf("Application/CloudEvents+JSON; charset=UTF-8"));
        assertNull(ContentTypes.formatOf("application/cloudevents-batch+json"));
        assertEquals(PayloadFormat.CLOUDEVENT_BATCH, ContentTypes.batchFormatOf("application/cloudevents-batch+json"));
        assertNull(ContentTypes.batchFormatOf("application/cloudevents+json"));

        HeaderMap binary = new HeaderMap();
        binary.put(HttpString.tryFromString("ce-specversion"), "1.0");
        assertTrue(ContentTypes.binaryCloudEvent(binary), "no Content-Type: data without a type");
        for (String dataType : List.of("application/xml", "application/x-www-form-urlencoded", "text/plain")) {
            binary.put(Headers.CONTENT_TYPE, dataType);
            assertTrue(ContentTypes.binaryCloudEvent(binary), dataType);
        }
        for (String structured : List.of("application/cloudevents+json", "application/cloudevents-batch+json")) {
            binary.put(Headers.CONTENT_TYPE, structured);
            assertFalse(ContentTypes.binaryCloudEvent(binary), "structured mode wins: " + structured);
        }
        HeaderMap plain = new HeaderMap();
        plain.put(Headers.CONTENT_TYPE, "application/json");
        plain.put(HttpString.tryFromString("ce-id"), "1");
        assertFalse(ContentTypes.binaryCloudEvent(plain), "no specversion, no binary mode");
    }

    @Test
    void refusesEverythingElse() {
        assertNull(ContentTypes.formatOf(null));
        assertNull(ContentTypes.formatOf("application/xml"));
        assertNull(ContentTypes.formatOf("application/jsonp"));
        assertNull(ContentTypes.batchFormatOf("text/plain"));
        assertNull(ContentTypes.batchFormatOf("application/octet-stream"));
    }

    @Test
    void formPostsAreRefusedOnBothRoutes() {
        for (String form : FORMS) {
            assertNull(ContentTypes.formatOf(form), form);
            assertNull(ContentTypes.batchFormatOf(form), form);
        }
    }

    @Test
    void eachRoutesRefusalNamesExactlyTheTypesItAccepts() {
        namesExactlyWhatIsAccepted(ContentTypes.SINGLE_ACCEPTED, ContentTypes::formatOf, List.of("text/*",
                "application/json", "application/x-protobuf", "application/protobuf", "application/octet-stream",
                "application/cloudevents+json"));
        assertTrue(ContentTypes.SINGLE_ACCEPTED.contains("CloudEvent in binary mode (ce-specversion"));
        namesExactlyWhatIsAccepted(ContentTypes.BATCH_ACCEPTED, ContentTypes::batchFormatOf, List.of(
                "application/json", "application/x-ndjson", "application/jsonl", "application/cloudevents-batch+json"));
    }

    /** Every type the message names is accepted, and every type accepted is named. */
    static void namesExactlyWhatIsAccepted(String message, Function<String, PayloadFormat> formatOf,
                                           List<String> accepted) {
        List<String> named = new ArrayList<>();
        Matcher type = MEDIA_TYPE.matcher(message);
        while (type.find()) {
            named.add(type.group());
        }
        assertEquals(accepted, named, message);
        for (String name : named) {
            assertNotNull(formatOf.apply(name.replace("*", "plain")), name + " is named but refused");
        }
        for (String form : FORMS) {
            assertFalse(message.contains(form.split(";")[0].toLowerCase()), message);
        }
        assertTrue(named.stream().noneMatch(n -> n.contains("form")), message);
    }
}
