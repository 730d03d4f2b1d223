package dev.kgate.http.body;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GzipBodiesTest {

    private static final int LIMIT = 64 * 1024;

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void inflatesWhatTheJdkCompressed() throws Exception {
        byte[] text = "{\"message\": \"New Message\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, GzipBodies.inflate(gzip(text), LIMIT));
        byte[] noise = random(50_000);
        assertArrayEquals(noise, GzipBodies.inflate(gzip(noise), LIMIT));
        assertArrayEquals(new byte[0], GzipBodies.inflate(gzip(new byte[0]), LIMIT));
    }

    @Test
    void inflatesEveryMemberOfAMultiMemberStream() throws Exception {
        byte[] body = concat(gzip("one,".getBytes()), gzip("two,".getBytes()), gzip("three".getBytes()));
        assertEquals("one,two,three", new String(GzipBodies.inflate(body, LIMIT), StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryOptionalHeaderField() throws Exception {
        byte[] data = "with name, comment, extra field and header CRC".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[]{0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, (byte) 255});
        header.writeBytes(new byte[]{3, 0, 'a', 'b', 'c'});
        header.writeBytes("name.json\0".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header.toByteArray());
        header.write((int) headerCrc.getValue() & 0xff);
        header.write((int) (headerCrc.getValue() >> 8) & 0xff);
        byte[] plain = gzip(data);
        // The JDK's member: a 10-byte header, then deflate data and the trailer, which stay valid after our header.
        byte[] body = concat(header.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length));
        assertArrayEquals(data, GzipBodies.inflate(body, LIMIT));

        body[body.length - plain.length + 10 - 1] ^= 1;
        assertEquals("the gzip header is damaged",
                assertThrows(GzipBodies.Corrupt.class, () -> GzipBodies.inflate(body, LIMIT)).getMessage());
    }

    @Test
    void aBodyExactlyAtTheLimitPassesAndOneByteMoreDoesNot() throws Exception {
        assertEquals(LIMIT, GzipBodies.inflate(gzip(new byte[LIMIT]), LIMIT).length);
        assertEquals(LIMIT, GzipBodies.inflate(gzip(random(LIMIT)), LIMIT).length);
        assertThrows(GzipBodies.TooLarge.class, () -> GzipBodies.inflate(gzip(new byte[LIMIT + 1]), LIMIT));
        assertThrows(GzipBodies.TooLarge.class, () -> GzipBodies.inflate(gzip(random(LIMIT + 1)), LIMIT));
        // The limit counts all members together.
        byte[] half = gzip(new byte[LIMIT / 2]);
        assertEquals(LIMIT, GzipBodies.inflate(concat(half, half), LIMIT).length);
        assertThrows(GzipBodies.TooLarge.class, () -> GzipBodies.inflate(concat(half, half, gzip(new byte[1])),
                LIMIT));
    }

    @Test
    void aBombIsRefusedWithoutInflatingPastTheLimit() throws Exception {
        // 256 MiB of zeros, about 256 KB compressed.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertTrue(bomb.length < 1024 * 1024, bomb.length + " bytes");

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        assertThrows(GzipBodies.TooLarge.class, () -> GzipBodies.inflate(bomb, LIMIT));
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // The output buffer never grows past the limit (+1 byte), whatever the stream would inflate to.
        assertTrue(allocated < 4L * LIMIT, "allocated " + allocated + " bytes for a " + LIMIT + "-byte limit");
        assertTrue(elapsedMs < 2_000, elapsedMs + " ms");
    }

    @Test
    void somethingThatIsNotExactlyGzipIsCorrupt() {
        byte[] good = gzip("hello, gzip".getBytes(StandardCharsets.UTF_8));
        corrupt(new byte[0], "not gzip");
        corrupt("hello".getBytes(), "not gzip");
        corrupt(random(100), "not gzip");
        corrupt(Arrays.copyOf(good, 9), "not gzip");
        corrupt(Arrays.copyOf(good, 10), "cut off");
        corrupt(Arrays.copyOf(good, good.length - 4), "cut off");
        corrupt(Arrays.copyOf(good, good.length - 1), "cut off");
        corrupt(concat(good, "trailing".getBytes()), "bytes follow");
        corrupt(concat(good, new byte[]{0x1f}), "bytes follow");

        byte[] method = good.clone();
        method[2] = 7;
        corrupt(method, "not deflate");
        byte[] reserved = good.clone();
        reserved[3] = (byte) 0x80;
        corrupt(reserved, "reserved flags");
        byte[] crc = good.clone();
        crc[crc.length - 8] ^= 1;
        corrupt(crc, "checksum");
        byte[] size = good.clone();
        size[size.length - 1] ^= 1;
        corrupt(size, "checksum");
        byte[] data = good.clone();
        data[10] = (byte) 0xff;
        corrupt(data, "damaged");
        byte[] name = {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 0, 'n', 'o', 'e', 'n', 'd'};
        corrupt(name, "cut off");
        byte[] extra = {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2};
        corrupt(extra, "cut off");
    }

    private static void corrupt(byte[] body, String words) {
        GzipBodies.Corrupt corrupt = assertThrows(GzipBodies.Corrupt.class, () -> GzipBodies.inflate(body, LIMIT));
        assertTrue(corrupt.getMessage().contains(words), corrupt.getMessage() + " should say " + words);
    }

    @Test
    void acceptsGzipUnderBothNamesAndNothingElse() {
        assertEquals(ContentEncoding.IDENTITY, ContentEncoding.of(null));
        for (String identity : new String[]{"", " ", "identity", "IDENTITY"}) {
            assertEquals(ContentEncoding.IDENTITY, encodingOf(identity), identity);
        }
        for (String gzip : new String[]{"gzip", "x-gzip", "GZip", " gzip "}) {
            assertEquals(ContentEncoding.GZIP, encodingOf(gzip), gzip);
        }
        for (String other : new String[]{"deflate", "br", "compress", "zstd", "gzip, identity", "gzip,gzip",
                "identity, gzip", "gzip;q=1", "x-compress"}) {
            assertNull(encodingOf(other), other);
        }
        HeaderMap two = new HeaderMap();
        two.add(Headers.CONTENT_ENCODING, "gzip");
        two.add(Headers.CONTENT_ENCODING, "br");
        assertNull(ContentEncoding.of(two.get(Headers.CONTENT_ENCODING)), "two header lines");
    }

    private static ContentEncoding encodingOf(String value) {
        HeaderMap headers = new HeaderMap();
        headers.put(Headers.CONTENT_ENCODING, value);
        return ContentEncoding.of(headers.get(Headers.CONTENT_ENCODING));
    }
}
