package dev.kgate.http.listener;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} response header, formatted at most once a second. Undertow's own cache is cleared by a timer on
 * an I/O thread; when a listener closes before that timer runs, the cache, static to the plugin's class loader,
 * keeps its last value for every listener opened later in the same worker. This one needs no timer.
 */
final class HttpDate {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** One second's text. */
    private record Formatted(long second, String text) {
    }

    private static volatile Formatted current = new Formatted(-1, "");

    private HttpDate() {
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted formatted = current;
        if (formatted.second() != second) {
            formatted = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
            current = formatted;
        }
        return formatted.text();
    }
}
