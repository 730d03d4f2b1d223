package dev.kgate.http.access;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamePatternTest {

    @Test
    void aNameMatchesOnlyItselfExactly() {
        NamePattern orders = NamePattern.of("orders");
        assertTrue(orders.matches("orders"));
        for (String other : new String[]{"Orders", "orders.", "orders-x", "xorders", "", "order"}) {
            assertFalse(orders.matches(other), other);
        }
    }

    @Test
    void starsStandForAnyRunOfCharacters() {
        assertTrue(NamePattern.of("*").matches(""));
        assertTrue(NamePattern.of("*").matches("anything"));
        NamePattern prefix = NamePattern.of("orders-*");
        assertTrue(prefix.matches("orders-"));
        assertTrue(prefix.matches("orders-eu"));
        assertFalse(prefix.matches("orders"));
        assertFalse(prefix.matches("Orders-eu"));
        NamePattern middle = NamePattern.of("a*b*c");
        assertTrue(middle.matches("abc"));
        assertTrue(middle.matches("axxbyyc"));
        assertTrue(middle.matches("abbc"));
        assertFalse(middle.matches("acb"));
        assertFalse(middle.matches("ab"));
        // The literals may not overlap: "aba" needs an 'a', a 'b' and another 'a'.
        assertFalse(NamePattern.of("ab*ba").matches("aba"));
        assertTrue(NamePattern.of("ab*ba").matches("abba"));
        // Regular expression characters are literal.
        assertFalse(NamePattern.of("a.c").matches("abc"));
        assertTrue(NamePattern.of("a.c").matches("a.c"));
    }

    @Test
    void matchingIsLinearWhateverThePattern() {
        NamePattern stars = NamePattern.of("a*a*a*a*a*a*a*a*a*a*a*a*a*b");
        String name = "a".repeat(100_000);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> assertFalse(stars.matches(name)));
    }

    @Test
    void anEmptyPatternIsAConfigError() {
        assertThrows(IllegalArgumentException.class, () -> NamePattern.of(""));
    }
}
