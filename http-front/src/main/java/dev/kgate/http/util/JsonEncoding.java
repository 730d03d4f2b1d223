package dev.kgate.http.util;

/**
 * JSON is UTF-8 (RFC 8259). Jackson, given bytes, guesses UTF-16 or UTF-32 from NUL bytes or a byte order mark in
 * the first four bytes, and then reads something other than what was sent, at offsets that are not byte offsets.
 * Neither can start valid UTF-8 JSON: a NUL is never JSON, and FE or FF is never UTF-8.
 */
public final class JsonEncoding {

    public static final String NOT_UTF8 = "JSON must be UTF-8 (no NUL bytes, no UTF-16 or UTF-32 byte order mark)";

    private JsonEncoding() {
    }

    /** @return true when Jackson would read these bytes as something other than UTF-8 */
    public static boolean readAsOtherThanUtf8(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + Math.min(length, 4); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        if (length < 2) {
            return false;
        }
        int first = bytes[offset] & 0xff;
        int second = bytes[offset + 1] & 0xff;
        return (first == 0xfe && second == 0xff) || (first == 0xff && second == 0xfe);
    }
}
