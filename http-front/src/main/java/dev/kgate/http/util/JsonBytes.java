package dev.kgate.http.util;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 JSON written straight into a reusable byte array, for what is written once per message on an I/O thread (the
 * record frames of {@code /socket/out}, hundreds of thousands a second; REST acks): there a Jackson generator or
 * serializer per message (its contexts, its serializer lookups, and the copy out of its stream) costs more than the
 * bytes themselves. Escapes as Jackson does:
 * {@code "} and {@code \}, control characters as {@code \b \t \n \f \r} or {@code \\u00XX}, and nothing else;
 * a character beyond the basic plane goes out as its four UTF-8 bytes, where Jackson writes two escaped surrogates.
 * One instance per thread ({@link #forThisThread()}); what it holds is valid until its next {@link #reset()}.
 */
public final class JsonBytes {

    /** A buffer grown past this for a large frame is not kept for the next one. */
    private static final int KEPT_BYTES = 256 * 1024;
    private static final ThreadLocal<JsonBytes> PER_THREAD = ThreadLocal.withInitial(JsonBytes::new);
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
    private static final byte[] HEX = ascii("0123456789ABCDEF");
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

    /** The bytes of a constant piece of JSON (punctuation and field names), for {@link #raw(byte[])}. */
    public static byte[] ascii(String json) {
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    public static JsonBytes forThisThread() {
        return PER_THREAD.get();
    }

    /** Starts over; a buffer grown for one very large frame is let go. */
    public JsonBytes reset() {
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[1024];
        }
        length = 0;
        return this;
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Bytes that need no escaping (JSON punctuation, field names). */
    public JsonBytes raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
        return this;
    }

    public JsonBytes raw(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    public JsonBytes number(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return raw(LONG_MIN);
            }
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /** A quoted string; unpaired surrogates (never in a String decoded from UTF-8) become U+FFFD. */
    public JsonBytes string(String text) {
        return raw('"').chars(text).raw('"');
    }

    /** A string's content, escaped, without its quotes. */
    public JsonBytes chars(String text) {
        int count = text.length();
        ensure(count + 6L);
        for (int i = 0; i < count; i++) {
            // A char takes at most 6 bytes (an escaped control character): room for that and for the rest at one
            // byte each, so that the array grows with what is written, not with what an escape could take.
            if (bytes.length - length < count - i + 6) {
                ensure(count - i + 6);
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                escaped(c);
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xc0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(text.charAt(i + 1))) {
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
        return this;
    }

    /**
     * A quoted string from UTF-8 bytes: ASCII is escaped byte by byte without decoding; anything else is decoded
     * first, so that malformed bytes become U+FFFD as a decoded String would have them.
     */
    public JsonBytes utf8String(byte[] utf8) {
        int start = length;
        ensure(utf8.length + 2L);
        bytes[length++] = '"';
        // Runs that need no escape are copied whole.
        int run = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0) {
                length = start;
                return string(new String(utf8, StandardCharsets.UTF_8));
            }
            if (ESCAPES[b] != 0) {
                // Room for the run, the escape (6) and the rest of the bytes with the closing quote.
                if (bytes.length - length < utf8.length - run + 7) {
                    ensure(utf8.length - run + 7);
                }
                System.arraycopy(utf8, run, bytes, length, i - run);
                length += i - run;
                escaped((char) b);
                run = i + 1;
            }
        }
        ensure(utf8.length - run + 1L);
        System.arraycopy(utf8, run, bytes, length, utf8.length - run);
        length += utf8.length - run;
        bytes[length++] = '"';
        return this;
    }

    /** An ASCII character, escaped if JSON needs it; room for the up to 6 bytes is ensured by the caller. */
    private void escaped(char c) {
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
