package dev.kgate.http.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.EnumValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;

/**
 * JSON Schema's {@code enum}, with numbers compared by value at any size. The validator's own comparison writes each
 * number out in full and reads it back (so that 1E+3 equals 1000): for {@code 1e1000000} that is a million digits
 * (an I/O thread held for seconds), for {@code 1e999999999} a gigabyte. Without trailing zeros, equal numbers are
 * already equal decimals.
 */
final class ExactEnum implements Keyword {

    @Override
    public String getValue() {
        return "enum";
    }

    @Override
    public KeywordValidator newValidator(SchemaLocation location, JsonNode schemaNode, Schema parentSchema,
                                         SchemaContext context) {
        return new Validator(location, schemaNode, parentSchema, context);
    }

    private static final class Validator extends EnumValidator {

        Validator(SchemaLocation location, JsonNode schemaNode, Schema parentSchema, SchemaContext context) {
            super(location, schemaNode, parentSchema, context);
        }

        /** Called for the enum's own numbers (from the constructor) and for the document's. */
        @Override
        protected JsonNode processNumberNode(JsonNode number) {
            return DecimalNode.valueOf(number.decimalValue().stripTrailingZeros());
        }
    }
}
