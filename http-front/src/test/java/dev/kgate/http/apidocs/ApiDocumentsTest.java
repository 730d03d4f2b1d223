package dev.kgate.http.apidocs;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kgate.http.ws.FormatType;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API descriptions against the code: every route the gateway adds is documented and every documented route is
 * added; the OpenAPI document is valid OpenAPI 3.1 (the specification's own JSON Schema), the AsyncAPI document has
 * AsyncAPI 3.0's required shape; every {@code $ref} resolves; and what both say of formats is what the code has.
 */
class ApiDocumentsTest {

    /** Bundled by vertx-openapi (test scope), published by the OpenAPI Initiative. */
    private static final String OPENAPI_31_SCHEMA = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";

    private final JsonNode openApi = ApiDocuments.openApi();
    private final JsonNode asyncApi = ApiDocuments.asyncApi();

    @Test
    void everyRouteServedIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> served = ApiDocuments.servedOperations();
        Set<String> documented = ApiDocuments.documentedOperations();
        assertEquals(Set.of(), difference(served, documented), "served but not in openapi.json");
        assertEquals(Set.of(), difference(documented, served), "in openapi.json but not served");
        assertTrue(served.contains("GET " + ApiDocumentRoutes.OPENAPI_PATH), "the documents describe themselves");
    }

    @Test
    void theAsyncApiChannelsAreTheWebSocketRoutes() {
        Set<String> upgrades = new TreeSet<>();
        openApi.get("paths").fields().forEachRemaining(path -> {
            if (path.getValue().path("get").path("responses").has("101")) {
                upgrades.add(path.getKey());
            }
        });
        Set<String> channels = new TreeSet<>();
        asyncApi.get("channels").forEach(channel -> channels.add(channel.get("address").asText()));
        assertEquals(Set.of("/socket/in", "/socket/out"), upgrades);
        assertEquals(upgrades, channels);
    }

    @Test
    void theOpenApiDocumentIsValidOpenApi31() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(
                        "https://spec.openapis.org/oas/", "classpath:spec.openapis.org/oas/")));
        Schema schema = registry.getSchema(SchemaLocation.of(OPENAPI_31_SCHEMA));
        List<Error> errors = schema.validate(openApi);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
        assertEquals("3.1.0", openApi.get("openapi").asText());
    }

    @Test
    void theOpenApiSchemaCatchesAnInvalidDocument() {
        // Guards the test above: a validator that found nothing to check would pass anything.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(
                        "https://spec.openapis.org/oas/", "classpath:spec.openapis.org/oas/")));
        JsonNode broken = openApi.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("paths").get("/healthcheck").get("get"))
                .putObject("responses").putObject("200");
        assertFalse(registry.getSchema(SchemaLocation.of(OPENAPI_31_SCHEMA)).validate(broken).isEmpty(),
                "a response without its description must fail");
    }

    @Test
    void theAsyncApiDocumentHasAsyncApi30sShape() {
        assertEquals("3.0.0", asyncApi.get("asyncapi").asText());
        assertTrue(asyncApi.path("info").path("title").isTextual());
        assertTrue(asyncApi.path("info").path("version").isTextual());
        asyncApi.get("servers").forEach(server -> {
            assertTrue(server.path("host").isTextual(), server.toString());
            assertTrue(Set.of("ws", "wss").contains(server.path("protocol").asText()), server.toString());
        });
        Set<String> operationChannels = new HashSet<>();
        asyncApi.get("operations").fields().forEachRemaining(entry -> {
            JsonNode operation = entry.getValue();
            String name = entry.getKey();
            assertTrue(Set.of("send", "receive").contains(operation.path("action").asText()), name);
            String channel = operation.path("channel").path("$ref").asText();
            operationChannels.add(channel);
            assertTrue(operation.path("messages").size() > 0, name);
            // AsyncAPI 3.0: an operation's messages must be messages of its channel.
            operation.path("messages").forEach(message ->
                    assertTrue(message.path("$ref").asText().startsWith(channel + "/messages/"), name));
            JsonNode reply = operation.path("reply");
            if (!reply.isMissingNode()) {
                String replyChannel = reply.path("channel").path("$ref").asText();
                reply.path("messages").forEach(message ->
                        assertTrue(message.path("$ref").asText().startsWith(replyChannel + "/messages/"), name));
            }
        });
        Set<String> channels = new HashSet<>();
        asyncApi.get("channels").fieldNames().forEachRemaining(name -> channels.add("#/channels/" + name));
        assertEquals(channels, operationChannels, "every channel has operations, and only channels do");
        asyncApi.get("components").get("messages").forEach(message -> {
            assertTrue(message.path("name").isTextual(), message.toString());
            assertTrue(message.has("payload"), message.path("name").asText());
        });
    }

    /**
     * AsyncAPI's own JSON Schema is published only on npm ({@code @asyncapi/specs}, {@code schemas/3.0.0-without-$id.json},
     * 380 KB, mostly protocol bindings), not in a Maven artifact: run with {@code -Dkgate.asyncapi.schema=<that file>}.
     */
    @Test
    @EnabledIfSystemProperty(named = "kgate.asyncapi.schema", matches = ".+")
    void theAsyncApiDocumentIsValidAsyncApi30() throws IOException {
        JsonNode asyncApiSchema = ApiDocuments.JSON.readTree(Files.readString(
                Path.of(System.getProperty("kgate.asyncapi.schema"))));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(asyncApiSchema);
        assertEquals(List.of(), schema.validate(asyncApi).stream().map(Error::toString).toList());
    }

    @Test
    void everyReferenceResolvesWithinItsDocument() {
        for (JsonNode document : List.of(openApi, asyncApi)) {
            List<String> refs = new ArrayList<>();
            collectRefs(document, refs);
            assertFalse(refs.isEmpty());
            for (String ref : refs) {
                assertTrue(ref.startsWith("#/"), "only references within the document: " + ref);
                assertFalse(document.at(JsonPointer.compile(ref.substring(1))).isMissingNode(), "unresolved " + ref);
            }
        }
    }

    @Test
    void everySecurityRequirementNamesADefinedScheme() {
        JsonNode schemes = openApi.get("components").get("securitySchemes");
        openApi.get("paths").forEach(path -> path.forEach(operation -> operation.path("security").forEach(
                requirement -> requirement.fieldNames().forEachRemaining(name ->
                        assertTrue(schemes.has(name), "undefined security scheme " + name)))));
        Set<String> operationIds = new HashSet<>();
        openApi.get("paths").forEach(path -> path.forEach(operation -> {
            if (operation.has("operationId")) {
                assertTrue(operationIds.add(operation.get("operationId").asText()), "duplicate operationId");
            }
        }));
    }

    @Test
    void theFormatTypesAreTheCodes() {
        Set<String> code = Arrays.stream(FormatType.values()).map(FormatType::wireName).collect(Collectors.toSet());
        assertEquals(code, texts(openApi.at("/components/schemas/FormatType/enum")));
        assertEquals(code, texts(asyncApi.at("/components/schemas/FormatType/enum")));
    }

    @Test
    void theAvroPayloadsAreTheWrapperSchemas() {
        Map<String, org.apache.avro.Schema> wrappers = Map.of(
                WrapperSchemas.PRODUCER_RECORD.getFullName(), WrapperSchemas.PRODUCER_RECORD,
                WrapperSchemas.PRODUCER_RESULT.getFullName(), WrapperSchemas.PRODUCER_RESULT,
                WrapperSchemas.CONSUMER_RECORD.getFullName(), WrapperSchemas.CONSUMER_RECORD,
                WrapperSchemas.CONSUMER_COMMIT.getFullName(), WrapperSchemas.CONSUMER_COMMIT);
        Set<String> described = new HashSet<>();
        asyncApi.get("components").get("messages").forEach(message -> {
            JsonNode payload = message.get("payload");
            if (payload.path("schemaFormat").asText().startsWith("application/vnd.apache.avro+json")) {
                org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(payload.get("schema")
                        .toString());
                assertEquals(wrappers.get(schema.getFullName()), schema, schema.getFullName());
                assertEquals("application/octet-stream", message.get("contentType").asText());
                described.add(schema.getFullName());
            }
        });
        assertEquals(wrappers.keySet(), described);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
