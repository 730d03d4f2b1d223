package dev.kgate.http.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kgate.http.util.JsonErrors;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One compiled JSON Schema (networknt json-schema-validator). The schema's own {@code $schema} picks its draft
 * (4, 6, 7, 2019-09 or 2020-12); without one it is read as 2020-12.
 */
public final class JsonSchemaCheck {

    /** Every draft this gateway reads, each with numeric keywords that stay cheap for numbers of any size. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialects(
            Stream.of(Dialects.getDraft4(), Dialects.getDraft6(), Dialects.getDraft7(), Dialects.getDraft201909(),
                            Dialects.getDraft202012())
                    .map(dialect -> Dialect.builder(dialect).keyword(new ExactMultipleOf()).keyword(new ExactEnum())
                            .build()).toList(),
            registry -> registry.defaultDialectId(Dialects.getDraft202012().getId()));
    private static final int MAX_REPORTED_ERRORS = 10;
    private static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;

    private JsonSchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** @throws IllegalArgumentException when the text is not a schema the validator can compile */
    public static JsonSchemaCheck compile(String schemaText) {
        JsonNode node;
        try {
            node = JSON.readTree(schemaText);
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + JsonErrors.describe(e), e);
        }
        String dialect = node.path("$schema").asText(DEFAULT_DIALECT);
        List<Error> metaErrors;
        try {
            metaErrors = REGISTRY.getSchema(SchemaLocation.of(dialect)).validate(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown or unreachable $schema '" + dialect + "'", e);
        }
        if (!metaErrors.isEmpty()) {
            throw new IllegalArgumentException("not a valid JSON Schema (" + dialect + "): " + metaErrors.stream()
                    .limit(MAX_REPORTED_ERRORS).map(JsonSchemaCheck::describe).collect(Collectors.joining("; ")));
        }
        try {
            Schema schema = REGISTRY.getSchema(node);
            // Compile every keyword now, so a broken schema fails the configuration and not a request.
            schema.initializeValidators();
            return new JsonSchemaCheck(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** @return null when the document is valid, otherwise the failures, naming the properties at fault */
    public String violations(JsonNode document) {
        List<Error> errors;
        try {
            errors = schema.validate(document);
        } catch (StackOverflowError e) {
            // The validator recurses per level of the document (and per $ref): a document the parser takes (up to
            // 1000 levels) can still be too deep for the thread validating it. The request is refused, not lost.
            return "the JSON nests too deeply to be validated against the station's schema";
        }
        if (errors.isEmpty()) {
            return null;
        }
        String listed = errors.stream().limit(MAX_REPORTED_ERRORS).map(JsonSchemaCheck::describe)
                .collect(Collectors.joining("; "));
        return errors.size() > MAX_REPORTED_ERRORS ? listed + "; and " + (errors.size() - MAX_REPORTED_ERRORS)
                + " more" : listed;
    }

    private static String describe(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        return message.startsWith(location) || location.isEmpty() ? message : location + ": " + message;
    }
}
