package dev.kgate.http.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContentTypesTest {

    @Test
    void mapsTheThreeAcceptedTypesWithParametersAndAnyCase() {
        assertEquals(PayloadFormat.TEXT, ContentTypes.formatOf("text/plain"));
        assertEquals(PayloadFormat.TEXT, ContentTypes.formatOf("text/csv; charset=utf-8"));
        assertEquals(PayloadFormat.JSON, ContentTypes.formatOf("application/json"));
        assertEquals(PayloadFormat.JSON, ContentTypes.formatOf("Application/JSON; charset=UTF-8"));
        assertEquals(PayloadFormat.BINARY, ContentTypes.formatOf("application/x-protobuf"));
    }

    @Test
    void refusesEverythingElse() {
        assertNull(ContentTypes.formatOf(null));
        assertNull(ContentTypes.formatOf("application/xml"));
        assertNull(ContentTypes.formatOf("application/x-www-form-urlencoded"));
        assertNull(ContentTypes.formatOf("application/jsonp"));
    }
}
