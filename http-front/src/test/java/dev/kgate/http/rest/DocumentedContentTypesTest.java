package dev.kgate.http.rest;

import dev.kgate.http.apidocs.ApiDocuments;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every content type a produce route accepts, as its 415 names them, is one that openapi.json lists for the route's
 * body; and each one the document lists for the batch is one the batch accepts.
 */
class DocumentedContentTypesTest {

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+*-]+");

    @Test
    void theSingleRoutesTypesAreDocumented() {
        Set<String> documented = documentedTypes("/stations/{station}/produce/single");
        Set<String> accepted = mediaTypes(ContentTypes.SINGLE_ACCEPTED);
        accepted.removeAll(documented);
        assertEquals(Set.of(), accepted, "accepted but not in openapi.json");
    }

    @Test
    void theBatchRoutesTypesAreDocumentedAndNoOthers() {
        Set<String> documented = documentedTypes("/stations/{station}/produce/batch");
        assertEquals(mediaTypes(ContentTypes.BATCH_ACCEPTED), documented);
        documented.forEach(type -> assertNotNull(ContentTypes.batchFormatOf(type), type));
    }

    private static Set<String> mediaTypes(String acceptedWords) {
        Set<String> types = new TreeSet<>();
        Matcher matcher = MEDIA_TYPE.matcher(acceptedWords);
        while (matcher.find()) {
            types.add(matcher.group());
        }
        assertFalse(types.isEmpty());
        return types;
    }

    private static Set<String> documentedTypes(String path) {
        Set<String> types = new TreeSet<>();
        ApiDocuments.openApi().get("paths").get(path).get("post").get("requestBody").get("content").fieldNames()
                .forEachRemaining(types::add);
        return types;
    }
}
