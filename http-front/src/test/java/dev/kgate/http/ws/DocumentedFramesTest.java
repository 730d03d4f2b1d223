package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.apidocs.ApiDocuments;
import dev.kgate.http.ingest.WriteResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What asyncapi.json says of /socket/in's answer frames is what {@link OutFrames} writes. */
class DocumentedFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theErrorOutcomesAreTheCodes() {
        Set<String> documented = new TreeSet<>();
        ApiDocuments.asyncApi().at("/components/schemas/ProducerError/properties/outcome/enum")
                .forEach(outcome -> documented.add(outcome.asText()));
        assertEquals(Arrays.stream(OutFrames.ErrorOutcome.values()).map(Enum::name).collect(Collectors.toSet()),
                documented);
    }

    @Test
    void theDocumentedFieldsAreTheFramesFields() throws IOException {
        JsonNode schemas = ApiDocuments.asyncApi().at("/components/schemas");
        assertEquals(fieldsOf(JSON.readTree(OutFrames.result(new WriteResult("t", 1, 2, 3),
                "m"))), propertiesOf(schemas.get("ProducerResult")));
        assertEquals(fieldsOf(JSON.readTree(OutFrames.error("m", OutFrames.ErrorOutcome.INVALID, "why"))),
                propertiesOf(schemas.get("ProducerError")));
    }

    private static Set<String> fieldsOf(JsonNode frame) {
        Set<String> fields = new TreeSet<>();
        frame.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private static Set<String> propertiesOf(JsonNode schema) {
        return fieldsOf(schema.get("properties"));
    }
}
