package dev.kgate.http.ws.out;

import dev.kgate.http.ws.Queries;
import dev.kgate.http.ws.QueryParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numeric query parameters of /socket/out: every value outside the range is a 400 that names it. */
class OutSocketParametersTest {

    private static OutSocketParameters parse(String... extra) throws QueryParameters.Invalid {
        String[] pairs = new String[4 + extra.length];
        pairs[0] = "clientId";
        pairs[1] = "c";
        pairs[2] = "topic";
        pairs[3] = "t";
        System.arraycopy(extra, 0, pairs, 4, extra.length);
        return OutSocketParameters.parse(Queries.of(pairs));
    }

    private static String refusal(String... extra) {
        return assertThrows(QueryParameters.Invalid.class, () -> parse(extra)).getMessage();
    }

    @Test
    void batchSizeAndRateHaveDefaultsAndTakeTheirWholeRange() throws Exception {
        assertEquals(OutSocketParameters.DEFAULT_BATCH_SIZE, parse().batchSize());
        assertEquals(0, parse().rate(), "no rate, no limit");
        assertEquals(1, parse("batchSize", "1").batchSize());
        assertEquals(OutSocketParameters.MAX_BATCH_SIZE, parse("batchSize", "10000").batchSize());
        assertEquals(1, parse("rate", "1").rate());
        assertEquals(OutSocketParameters.MAX_RATE, parse("rate", "1000000").rate());
        assertEquals(7, parse("rate", " 7 ").rate(), "surrounding spaces are not the number");
    }

    /** Defect 10 of issue 9: 2^30 and up overflowed the socket's demand, which then stayed at 0. */
    @ParameterizedTest
    @ValueSource(strings = {"1073741824", "2147483647", "2147483648", "4294967296", "9223372036854775807",
            "9223372036854775808", "99999999999999999999999999999999", "10001", "0", "-1", "-2147483648", "00",
            "abc", "1.5", "1e3", "0x10", "+5", "5 6", "\u0663", "\uff15", "1_000", "NaN", "Infinity", "5;"})
    void batchSizeOutOfRangeOrNotANumberIsRefused(String value) {
        String message = refusal("batchSize", value);
        assertTrue(message.contains("'batchSize'"), message);
        assertTrue(message.contains("from 1 to 10000"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000001", "2147483648", "0", "-5", "ten", "1.0", "\u0661\u0660"})
    void rateOutOfRangeOrNotANumberIsRefused(String value) {
        String message = refusal("rate", value);
        assertTrue(message.contains("'rate'"), message);
        assertTrue(message.contains("from 1 to 1000000"), message);
    }

    @Test
    void aRepeatedParameterIsRefusedEvenWhenOneCopyIsBlank() {
        assertTrue(refusal("batchSize", "5", "batchSize", "6").contains("more than once"));
        assertTrue(refusal("rate", "", "rate", "5").contains("more than once"));
        assertTrue(refusal("rate", "5", "rate", "").contains("more than once"));
    }

    @Test
    void aHugeValueIsNotEchoedWhole() {
        String huge = "9".repeat(5_000);
        String message = refusal("batchSize", huge);
        assertTrue(message.length() < 300, message);
        assertFalse(message.contains(huge));
    }
}
