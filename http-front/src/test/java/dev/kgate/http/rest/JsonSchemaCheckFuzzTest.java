package dev.kgate.http.rest;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.validate.JsonSchemaCheck;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A station's JSON Schema sees every client body, read as the produce routes read it: validating any document
 * against realistic schemas answers "valid" or a list of violations (a 400), never an exception (a 500) or a stall.
 */
class JsonSchemaCheckFuzzTest {

    private static final List<JsonSchemaCheck> SCHEMAS = List.of(
            // An order, 2020-12: $ref, formats, patterns, numeric bounds, multipleOf on decimals, oneOf, if/then.
            JsonSchemaCheck.compile("""
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object", "required": ["id", "customer", "lines", "total"],
                     "additionalProperties": false,
                     "properties": {
                       "id": {"type": "string", "format": "uuid"},
                       "createdAt": {"type": "string", "format": "date-time"},
                       "customer": {"$ref": "#/$defs/customer"},
                       "lines": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/$defs/line"}},
                       "total": {"type": "number", "minimum": 0, "multipleOf": 0.01},
                       "currency": {"enum": ["EUR", "USD", "CHF"]},
                       "status": {"const": "new"},
                       "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "maxLength": 32}},
                       "coupon": {"type": ["string", "null"], "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                       "shipping": {"oneOf": [
                         {"type": "object", "required": ["address"],
                          "properties": {"address": {"type": "string", "minLength": 5}}},
                         {"type": "object", "required": ["pickup"], "properties": {"pickup": {"const": true}}}]}
                     },
                     "dependentRequired": {"coupon": ["currency"]},
                     "if": {"properties": {"currency": {"const": "CHF"}}, "required": ["currency"]},
                     "then": {"properties": {"total": {"multipleOf": 0.05}}},
                     "$defs": {
                       "customer": {"type": "object", "required": ["email"], "properties": {
                         "email": {"type": "string", "format": "email"},
                         "ip": {"type": "string", "format": "ipv4"},
                         "site": {"type": "string", "format": "uri"},
                         "age": {"type": "integer", "exclusiveMinimum": 0, "maximum": 150}}},
                       "line": {"type": "object", "required": ["sku", "qty"], "properties": {
                         "sku": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                         "qty": {"type": "integer", "minimum": 1},
                         "price": {"type": "number", "multipleOf": 0.05}}}
                     }}"""),
            // A recursive tree, 2020-12: deep documents, patternProperties, propertyNames, prefixItems, contains.
            JsonSchemaCheck.compile("""
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "$ref": "#/$defs/node",
                     "$defs": {"node": {"type": "object", "properties": {
                       "value": {"type": ["number", "string", "boolean", "null"]},
                       "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                       "point": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}],
                                 "items": false},
                       "samples": {"type": "array", "contains": {"type": "integer"}, "minContains": 1,
                                   "maxContains": 3},
                       "meta": {"type": "object", "patternProperties": {"^x-": {"type": "string"}},
                                "propertyNames": {"maxLength": 20},
                                "additionalProperties": {"type": "integer"}}},
                       "unevaluatedProperties": false}}}"""),
            // An event, draft-07: the string formats, anyOf/allOf/not, dependencies.
            JsonSchemaCheck.compile("""
                    {"$schema": "http://json-schema.org/draft-07/schema#",
                     "type": "object", "required": ["type", "at"],
                     "properties": {
                       "type": {"type": "string", "enum": ["click", "view", "buy"]},
                       "at": {"type": "integer", "minimum": 0},
                       "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9},
                       "duration": {"type": "string", "format": "duration"},
                       "day": {"type": "string", "format": "date"},
                       "time": {"type": "string", "format": "time"},
                       "host": {"type": "string", "format": "hostname"},
                       "ip6": {"type": "string", "format": "ipv6"},
                       "ref": {"type": "string", "format": "uri-reference"},
                       "filter": {"type": "string", "format": "regex"},
                       "values": {"type": "array", "contains": {"type": "number"},
                                  "items": {"anyOf": [{"type": "number"}, {"type": "string", "maxLength": 3}]}}
                     },
                     "allOf": [{"not": {"required": ["forbidden"]}}],
                     "dependencies": {"amount": ["type"]}}"""),
            // A metric, draft-04: boolean exclusiveMaximum, multipleOf on integers, additionalProperties schema.
            JsonSchemaCheck.compile("""
                    {"$schema": "http://json-schema.org/draft-04/schema#",
                     "type": "object", "required": ["value"],
                     "properties": {
                       "value": {"type": "number", "maximum": 100, "exclusiveMaximum": true, "multipleOf": 0.5},
                       "count": {"type": "integer", "multipleOf": 3},
                       "name": {"type": "string", "minLength": 1, "maxLength": 8}},
                     "additionalProperties": {"type": "boolean"}}"""));

    /** The first byte picks the schema, the rest is the body. */
    @DictionaryFile(resourcePath = "/dev/kgate/http/json.dict")
    @DictionaryFile(resourcePath = "/dev/kgate/http/schema.dict")
    @FuzzTest
    void validate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        JsonSchemaCheck schema = SCHEMAS.get((input[0] & 0xff) % SCHEMAS.size());
        JsonNode document;
        try {
            document = JsonBodies.parse(Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            return; // The route answers 400 before validating.
        }
        String violations = schema.violations(document);
        if (violations != null) {
            assertFalse(violations.isBlank(), "a refusal says why");
        }
        assertEquals(violations, schema.violations(document), "validation is repeatable");
    }
}
