package dev.kgate.http.validate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemaCheckTest {

    /** As the produce routes read bodies: decimals as BigDecimal. */
    private static final ObjectMapper BODIES = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Only a hang guard: each check below takes microseconds once multipleOf is exact. */
    private static final Duration HANG = Duration.ofSeconds(30);

    private static JsonNode json(String text) throws Exception {
        return BODIES.readTree(text);
    }

    private static String violations(JsonSchemaCheck check, String document) throws Exception {
        JsonNode node = json(document);
        return assertTimeoutPreemptively(HANG, () -> check.violations(node), document);
    }

    /**
     * Fuzz finding: multipleOf divided the number by the divisor, so {"total": 1e999999999} held an I/O thread for
     * good (a billion-digit quotient), and an integer beyond double's range (309 digits) threw a
     * NumberFormatException out of the validator (a 500).
     */
    @Test
    void multipleOfIsExactAndCheapForNumbersOfAnySize() throws Exception {
        JsonSchemaCheck cents = JsonSchemaCheck.compile("{\"multipleOf\": 0.01}");
        JsonSchemaCheck threes = JsonSchemaCheck.compile("{\"$schema\": \"http://json-schema.org/draft-04/schema#\","
                + " \"multipleOf\": 3}");
        assertNull(violations(cents, "1e999999999"));
        assertNull(violations(cents, "7e1000000"));
        assertNull(violations(cents, "-1.5e999999999"));
        assertNull(violations(cents, "12.34"));
        assertNotNull(violations(cents, "12.345"));
        assertNotNull(violations(cents, "1e-999999999"));
        assertNotNull(violations(cents, "1.000000000000000000000000000000000000001e30"));
        assertNotNull(violations(threes, "1e999999999"), "10^n is never a multiple of 3");
        assertNull(violations(threes, "3e999999999"));
        assertNull(violations(threes, "3" + "0".repeat(400)));
        assertNotNull(violations(threes, "1" + "0".repeat(400)));
        assertNull(violations(threes, "-0"));
        assertNotNull(violations(threes, "4.5"));
    }

    /**
     * Fuzz finding: enum compared numbers by writing them out in full and reading them back, so {"type":
     * [1e1000000]} against an enum held an I/O thread (and 1e999999999 needed a gigabyte string).
     */
    @Test
    void enumComparesNumbersByValueWithoutWritingThemOut() throws Exception {
        JsonSchemaCheck choices = JsonSchemaCheck.compile("{\"enum\": [1000, 2.5, \"a\", [5, 0.1]]}");
        assertNotNull(violations(choices, "1e1000000"));
        assertNotNull(violations(choices, "[-1e999999999]"));
        assertNotNull(violations(choices, "1e-999999999"));
        assertNull(violations(choices, "1E+3"));
        assertNull(violations(choices, "1000.000"));
        assertNull(violations(choices, "2.50"));
        assertNull(violations(choices, "[5.0, 1e-1]"));
        assertNull(violations(choices, "\"a\""));
        assertNotNull(violations(choices, "\"1000\""));
        assertNotNull(violations(choices, "0"));
    }

    /** The exact remainder agrees with plain BigDecimal arithmetic wherever that is affordable. */
    @Test
    void multipleOfAgreesWithDivisionOnOrdinaryNumbers() throws Exception {
        Random random = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal divisor = new BigDecimal(BigInteger.valueOf(1 + random.nextInt(60)), random.nextInt(7) - 3);
            BigDecimal number = new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000L),
                    random.nextInt(41) - 20);
            if (random.nextBoolean()) {
                number = divisor.multiply(BigDecimal.valueOf(random.nextInt(1_000_000) - 500_000));
            }
            boolean multiple = number.remainder(divisor).signum() == 0;
            JsonSchemaCheck check = JsonSchemaCheck.compile("{\"multipleOf\": " + divisor.toPlainString() + "}");
            assertEquals(multiple, check.violations(json(number.toString())) == null, number + " % " + divisor);
        }
    }

    @Test
    void everyDraftStillCompilesAndABrokenSchemaIsRefused() {
        for (String draft : new String[]{"http://json-schema.org/draft-04/schema#",
                "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-07/schema#",
                "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema"}) {
            JsonSchemaCheck check = JsonSchemaCheck.compile("{\"$schema\": \"" + draft + "\", \"type\": \"object\","
                    + " \"properties\": {\"n\": {\"type\": \"number\", \"multipleOf\": 0.5}}}");
            assertTrue(check.violations(BODIES.valueToTree(java.util.Map.of("n", 1.25))) != null, draft);
        }
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaCheck.compile("{\"multipleOf\": -1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaCheck.compile("{\"type\": 12}"));
    }
}
