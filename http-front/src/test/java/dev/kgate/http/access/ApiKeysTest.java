package dev.kgate.http.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @Test
    void aGeneratedKeyMatchesItsEntryAndNothingElse() {
        String[] etl = ApiKeys.generate("etl");
        String[] hook = ApiKeys.generate("hook");
        ApiKeys keys = ApiKeys.parse(List.of(etl[1], " " + hook[1] + " "));
        assertTrue(etl[0].startsWith(ApiKeys.PREFIX));
        assertEquals(47, etl[0].length());
        assertEquals("etl", keys.nameOf(etl[0]));
        assertEquals("hook", keys.nameOf(hook[0]));
        assertNull(keys.nameOf(etl[0] + "x"));
        assertNull(keys.nameOf(etl[0].substring(0, 46)));
        assertNull(keys.nameOf(""));
        assertNull(ApiKeys.none().nameOf(etl[0]));
    }

    @Test
    void theConfigHoldsOnlyDigestsNeverTheKey() {
        String[] etl = ApiKeys.generate("etl");
        assertFalse(etl[1].contains(etl[0].substring(ApiKeys.PREFIX.length())));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse(List.of("etl=" + etl[0])));
        assertFalse(plain.getMessage().contains(etl[0]), plain.getMessage());
    }

    @Test
    void malformedOrDuplicateEntriesAreConfigErrors() {
        String entry = ApiKeys.generate("etl")[1];
        for (List<String> bad : List.of(List.of("etl"), List.of("=sha256:abc"), List.of("etl=sha256:abc"),
                List.of("etl=md5:" + entry.substring(entry.indexOf(':') + 1)), List.of(entry, entry))) {
            assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(bad), bad.toString());
        }
    }
}
