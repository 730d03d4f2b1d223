package dev.kgate.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The records every client of one run sends, so that the gateway and the raw producer write the same bytes and
 * compression (lz4 in the producer) treats both alike: {@value #VARIANTS} JSON messages
 * {@code {"message":"<random base64 text>"}} of exactly the record size, from a fixed seed. Random text keeps lz4
 * honest (a record of one repeated letter compresses to nearly nothing); the variants repeat, as fields of real
 * messages do.
 *
 * <p>Usage: {@code Payloads <record bytes> <batch size> <folder>} writes into the folder
 * <ul>
 *   <li>{@code records.txt}: the records, one per line (ProducerPerformance's {@code --payload-file}, and the values
 *       SocketInLoad and OpenLoop send);</li>
 *   <li>{@code single/0..}, {@code single-gzip/0..}: one record per body, plain and gzip-compressed;</li>
 *   <li>{@code batch/0..}, {@code batch-gzip/0..}: JSON arrays of {@code batch size} records.</li>
 * </ul>
 * bench/post.lua reads a body folder and sends its bodies in turn.
 */
public final class Payloads {

    static final int VARIANTS = 256;
    private static final int BATCH_BODIES = 8;
    private static final String PREFIX = "{\"message\":\"";
    private static final String SUFFIX = "\"}";
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private Payloads() {
    }

    public static void main(String[] args) throws IOException {
        int bytes = Integer.parseInt(args[0]);
        int batchSize = Integer.parseInt(args[1]);
        Path folder = Path.of(args[2]);
        List<byte[]> records = records(bytes);
        Files.createDirectories(folder);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (byte[] record : records) {
            lines.write(record);
            lines.write('\n');
        }
        Files.write(folder.resolve("records.txt"), lines.toByteArray());
        List<byte[]> singles = new ArrayList<>(records);
        writeBodies(folder, "single", singles);
        List<byte[]> batches = new ArrayList<>();
        for (int b = 0; b < BATCH_BODIES; b++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write('[');
            for (int i = 0; i < batchSize; i++) {
                if (i > 0) {
                    body.write(',');
                }
                body.write(records.get((b * batchSize + i) % records.size()));
            }
            body.write(']');
            batches.add(body.toByteArray());
        }
        writeBodies(folder, "batch", batches);
    }

    private static void writeBodies(Path folder, String name, List<byte[]> bodies) throws IOException {
        Path plain = Files.createDirectories(folder.resolve(name));
        Path gzip = Files.createDirectories(folder.resolve(name + "-gzip"));
        for (int i = 0; i < bodies.size(); i++) {
            Files.write(plain.resolve(String.valueOf(i)), bodies.get(i));
            Files.write(gzip.resolve(String.valueOf(i)), gzip(bodies.get(i)));
        }
    }

    /** @return {@value #VARIANTS} distinct records of exactly {@code bytes} bytes, the same on every call */
    static List<byte[]> records(int bytes) {
        int textLength = bytes - PREFIX.length() - SUFFIX.length();
        if (textLength < 1) {
            throw new IllegalArgumentException("a record needs at least " + (PREFIX.length() + SUFFIX.length() + 1)
                    + " bytes");
        }
        Random random = new Random(bytes);
        List<byte[]> records = new ArrayList<>(VARIANTS);
        char[] text = new char[textLength];
        for (int v = 0; v < VARIANTS; v++) {
            for (int i = 0; i < textLength; i++) {
                text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            records.add((PREFIX + new String(text) + SUFFIX).getBytes(StandardCharsets.US_ASCII));
        }
        return records;
    }

    /** The lines of a {@code records.txt}. */
    static List<byte[]> readRecords(Path file) {
        try {
            List<byte[]> records = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (!line.isEmpty()) {
                    records.add(line.getBytes(StandardCharsets.US_ASCII));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }
}
