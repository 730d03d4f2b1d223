package dev.kgate.http.body;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip request body (RFC 1952: one or more members, each checked against its CRC-32 and length) without
 * ever holding more than {@code maxBytes + 1} inflated bytes: the output grows as data comes out, and inflating stops
 * at the first byte past the limit, so a small bomb costs no more memory or CPU than a body at the limit. Anything
 * that is not exactly gzip (a bad header, a cut-off stream, bytes after it) is refused rather than read up to the flaw.
 */
public final class GzipBodies {

    /** The inflated body is larger than the limit. */
    public static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Not gzip, or damaged; the message says how, in words fit for a client. */
    public static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    private static final int FIRST_OUTPUT_BYTES = 8 * 1024;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;

    private GzipBodies() {
    }

    /**
     * @param maxBytes the most inflated bytes accepted
     * @throws TooLarge when the body inflates to more than {@code maxBytes}
     * @throws Corrupt  when it is not a well-formed gzip stream
     */
    public static byte[] inflate(byte[] gzip, int maxBytes) throws TooLarge, Corrupt {
        Output out = new Output(gzip.length, maxBytes);
        Inflater inflater = new Inflater(true);
        try {
            int at = 0;
            do {
                at = afterHeader(gzip, at);
                inflater.reset();
                inflater.setInput(gzip, at, gzip.length - at);
                int memberStart = out.length;
                inflateMember(inflater, out);
                at = gzip.length - inflater.getRemaining();
                checkTrailer(gzip, at, out, memberStart);
                at += 8;
            } while (at < gzip.length);
        } finally {
            inflater.end();
        }
        return out.bytes();
    }

    private static void inflateMember(Inflater inflater, Output out) throws TooLarge, Corrupt {
        while (!inflater.finished()) {
            out.makeRoom();
            int inflated;
            try {
                inflated = inflater.inflate(out.buffer, out.length, out.buffer.length - out.length);
            } catch (DataFormatException e) {
                throw new Corrupt("the compressed data is damaged");
            }
            out.length += inflated;
            out.checkLimit();
            if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new Corrupt("the compressed data is cut off");
            }
        }
    }

    /** @return where the member's compressed data starts */
    private static int afterHeader(byte[] gzip, int start) throws Corrupt {
        if (gzip.length - start < 10 || (gzip[start] & 0xff) != 0x1f || (gzip[start + 1] & 0xff) != 0x8b) {
            throw new Corrupt(start == 0 ? "the body is not gzip data" : "bytes follow the gzip data");
        }
        if (gzip[start + 2] != 8) {
            throw new Corrupt("the gzip data is not deflate-compressed");
        }
        int flags = gzip[start + 3] & 0xff;
        if ((flags & RESERVED_FLAGS) != 0) {
            throw new Corrupt("the gzip header has reserved flags set");
        }
        int at = start + 10;
        if ((flags & FEXTRA) != 0) {
            requireBytes(gzip, at, 2);
            at += 2 + ((gzip[at] & 0xff) | (gzip[at + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            at = afterZero(gzip, at);
        }
        if ((flags & FCOMMENT) != 0) {
            at = afterZero(gzip, at);
        }
        if ((flags & FHCRC) != 0) {
            requireBytes(gzip, at, 2);
            CRC32 crc = new CRC32();
            crc.update(gzip, start, at - start);
            if ((crc.getValue() & 0xffff) != ((gzip[at] & 0xff) | (gzip[at + 1] & 0xff) << 8)) {
                throw new Corrupt("the gzip header is damaged");
            }
            at += 2;
        }
        requireBytes(gzip, at, 0);
        return at;
    }

    private static void checkTrailer(byte[] gzip, int at, Output out, int memberStart) throws Corrupt {
        requireBytes(gzip, at, 8);
        CRC32 crc = new CRC32();
        crc.update(out.buffer, memberStart, out.length - memberStart);
        if (crc.getValue() != littleEndianInt(gzip, at)
                || ((out.length - memberStart) & 0xffffffffL) != littleEndianInt(gzip, at + 4)) {
            throw new Corrupt("the decompressed data does not match its checksum");
        }
    }

    private static int afterZero(byte[] gzip, int at) throws Corrupt {
        for (int i = at; i < gzip.length; i++) {
            if (gzip[i] == 0) {
                return i + 1;
            }
        }
        throw new Corrupt("the compressed data is cut off");
    }

    private static void requireBytes(byte[] gzip, int at, int count) throws Corrupt {
        if (at < 0 || at > gzip.length - count) {
            throw new Corrupt("the compressed data is cut off");
        }
    }

    private static long littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }

    /** The inflated bytes so far, in a buffer that never grows past one byte over the limit. */
    private static final class Output {
        private final int maxBytes;
        private final int ceiling;
        private byte[] buffer;
        private int length;

        Output(int compressedLength, int maxBytes) {
            this.maxBytes = maxBytes;
            // One byte past the limit, so that a body over it is noticed without inflating more.
            this.ceiling = (int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 16);
            this.buffer = new byte[(int) Math.min(ceiling, Math.max(FIRST_OUTPUT_BYTES, 4L * compressedLength))];
        }

        void makeRoom() throws TooLarge {
            if (length < buffer.length) {
                return;
            }
            if (buffer.length >= ceiling) {
                throw new TooLarge();
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(ceiling, 2L * buffer.length));
        }

        void checkLimit() throws TooLarge {
            if (length > maxBytes) {
                throw new TooLarge();
            }
        }

        byte[] bytes() {
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }
    }
}
