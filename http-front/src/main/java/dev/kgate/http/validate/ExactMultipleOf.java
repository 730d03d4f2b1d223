package dev.kgate.http.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.MultipleOfValidator;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * JSON Schema's {@code multipleOf}, exact and cheap for any number a body can carry. The validator's own check
 * divides the number by the divisor: for {@code 1e999999999} that quotient has a billion digits (an I/O thread lost
 * for good), and it read integers through double (past 309 digits Infinity, a NumberFormatException). Here it sees
 * the number's remainder instead, computed with modular arithmetic: zero exactly when the number is a multiple.
 */
final class ExactMultipleOf implements Keyword {

    @Override
    public String getValue() {
        return "multipleOf";
    }

    @Override
    public KeywordValidator newValidator(SchemaLocation location, JsonNode schemaNode, Schema parentSchema,
                                         SchemaContext context) {
        return new Validator(location, schemaNode, parentSchema, context);
    }

    private static final class Validator extends MultipleOfValidator {

        private final BigDecimal divisor;

        Validator(SchemaLocation location, JsonNode schemaNode, Schema parentSchema, SchemaContext context) {
            super(location, schemaNode, parentSchema, context);
            this.divisor = getDivisor(schemaNode);
        }

        @Override
        protected BigDecimal getDividend(JsonNode node) {
            BigDecimal dividend = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue())
                    : super.getDividend(node);
            return dividend == null || divisor == null ? dividend : remainder(dividend, divisor);
        }
    }

    /**
     * {@code |x| mod |d|}, never building {@code x / d}. With both at the larger of their scales, x = X·10^-s and
     * d = D·10^-s; when x has the larger scale, |x| >= |d| keeps D's power of ten below x's digit count.
     */
    static BigDecimal remainder(BigDecimal x, BigDecimal d) {
        if (x.abs().compareTo(d.abs()) < 0) {
            return x.abs();
        }
        BigInteger unscaledX = x.unscaledValue().abs();
        BigInteger unscaledD = d.unscaledValue().abs();
        if (x.scale() >= d.scale()) {
            BigInteger scaledD = unscaledD.multiply(BigInteger.TEN.pow(x.scale() - d.scale()));
            return new BigDecimal(unscaledX.mod(scaledD), x.scale());
        }
        BigInteger power = BigInteger.TEN.modPow(BigInteger.valueOf((long) d.scale() - x.scale()), unscaledD);
        return new BigDecimal(unscaledX.mod(unscaledD).multiply(power).mod(unscaledD), d.scale());
    }
}
