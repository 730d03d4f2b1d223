package dev.kgate.http.util;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What a message meant for a client must not contain: code names, a parser's settings, a stack trace. */
public final class PlainMessages {

    private static final String[] FORBIDDEN = {"com.fasterxml", "exception", "()", "jackson", "java.", "org.apache",
            "`", "[source", "\tat ", "constraints"};

    private PlainMessages() {
    }

    public static void assertPlain(String message) {
        assertNotNull(message);
        String lower = message.toLowerCase(Locale.ROOT);
        for (String word : FORBIDDEN) {
            assertFalse(lower.contains(word), "'" + word + "' in: " + message);
        }
        assertFalse(lower.endsWith(": null"), "a message-less failure shown as null: " + message);
        assertFalse(message.length() > 400, "too long for a client: " + message);
    }
}
