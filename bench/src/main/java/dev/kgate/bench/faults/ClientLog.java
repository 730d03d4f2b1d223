package dev.kgate.bench.faults;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * What the load clients were told other than an acknowledgement, one line each with the time (as the workers' logs
 * write it) and the client's thread, so a row of the table can be read against {@code worker-N.log}.
 */
final class ClientLog implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintWriter out;

    ClientLog(Path file) throws IOException {
        out = new PrintWriter(Files.newBufferedWriter(file), true);
    }

    synchronized void log(String text) {
        out.println(TIME.format(LocalTime.now()) + " " + Thread.currentThread().getName() + " " + text);
    }

    @Override
    public void close() {
        out.close();
    }
}
