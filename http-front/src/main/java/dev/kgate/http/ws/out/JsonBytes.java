package dev.kgate.http.ws.out;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 JSON written straight into a reusable byte array: the record frames of {@code /socket/out} are written
 * hundreds of thousands of times a second on an I/O thread, where a Jackson generator per frame (its contexts, its
 * serializer lookups, and the copy out of its stream) cost more than the bytes themselves. Escapes as Jackson does:
 * {@code "} and {@code \}, control characters as {@code \b \t \n \f \r} or {@code \\u00XX}, and nothing else;
 * a character beyond the basic plane goes out as its four UTF-8 bytes, where Jackson writes two escaped surrogates.
 * One instance per thread ({@link #forThisThread()}); what it holds is valid until its next {@link #reset()}.
 */
final class JsonBytes {

    /** A buffer grown past this for a large frame is not kept for the next one. */
    private static final int KEPT_BYTES = 256 * 1024;
    private static final ThreadLocal<JsonBytes> PER_THREAD = ThreadLocal.withInitial(JsonBytes::new);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII byte: 0 written as is, -1 as {@code \\u00XX}, else the letter after the backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] bytes = new byte[1024];
    private int length;

    static JsonBytes forThisThread() {
        return PER_THREAD.get();
    }

    /** Starts over; a buffer grown for one very large frame is let go. */
    JsonBytes reset() {
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[1024];
        }
        length = 0;
        return this;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Bytes that need no escaping (JSON punctuation, field names). */
    JsonBytes raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
        return this;
    }

    JsonBytes raw(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    JsonBytes number(long value) {
        String digits = Long.toString(value);
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        return this;
    }

    /** A quoted string; unpaired surrogates (never in a String decoded from UTF-8) become U+FFFD. */
    JsonBytes string(String text) {
        // At most 6 bytes per char (an escaped control character), plus the quotes.
        ensure(text.length() * 6L + 2);
        bytes[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xc0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                bytes[length++] = (byte) (0xf0 | (code >> 18));
                bytes[length++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                bytes[length++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                bytes[length++] = (byte) (0x80 | (code & 0x3f));
            } else {
                char bmp = Character.isSurrogate(c) ? '\ufffd' : c;
                bytes[length++] = (byte) (0xe0 | (bmp >> 12));
                bytes[length++] = (byte) (0x80 | ((bmp >> 6) & 0x3f));
                bytes[length++] = (byte) (0x80 | (bmp & 0x3f));
            }
        }
        bytes[length++] = '"';
        return this;
    }

    /**
     * A quoted string from UTF-8 bytes: ASCII is escaped byte by byte without decoding; anything else is decoded
     * first, so that malformed bytes become U+FFFD as a decoded String would have them.
     */
    JsonBytes utf8String(byte[] utf8) {
        for (byte b : utf8) {
            if (b < 0) {
                return string(new String(utf8, StandardCharsets.UTF_8));
            }
        }
        ensure(utf8.length * 6L + 2);
        bytes[length++] = '"';
        for (byte b : utf8) {
            ascii((char) b);
        }
        bytes[length++] = '"';
        return this;
    }

    /** Room for {@code more} bytes is ensured by the caller. */
    private void ascii(char c) {
        byte escape = ESCAPES[c];
        if (escape == 0) {
            bytes[length++] = (byte) c;
        } else if (escape > 0) {
            bytes[length++] = '\\';
            bytes[length++] = escape;
        } else {
            bytes[length++] = '\\';
            bytes[length++] = 'u';
            bytes[length++] = '0';
            bytes[length++] = '0';
            bytes[length++] = HEX[c >> 4];
            bytes[length++] = HEX[c & 0xf];
        }
    }

    private void ensure(long more) {
        long needed = length + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("A frame of " + needed + " bytes is too large to send");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
    }
}
