package dev.kgate.http.ws;

/**
 * The key and value types a socket declared, and the record header name clients may not set.
 *
 * @param keyType null when undeclared: each key then names its own format
 * @param valType null when undeclared: each value names its own format, or is a string
 * @param reservedHeader the header the gateway sets itself (the user's name), or null
 */
record FrameTypes(FormatType keyType, FormatType valType, String reservedHeader) {

    /**
     * The type a key or value is read as: the socket's declared type, else the frame's own, else the fallback.
     * A frame may repeat the declared type, but not contradict it.
     *
     * @param fallback null when a format is required
     */
    static FormatType resolve(String what, FormatType declared, String named, FormatType fallback) {
        String parameter = "key".equals(what) ? "keyType" : "valType";
        if (named == null) {
            if (declared != null) {
                return declared;
            }
            if (fallback == null) {
                throw new IllegalArgumentException(what + " has no format and the socket declares no "
                        + parameter);
            }
            return fallback;
        }
        FormatType own = FormatType.named(named);
        if (own == null) {
            throw new IllegalArgumentException(what + " has unknown format '" + named + "' (use one of "
                    + FormatType.names() + ")");
        }
        if (declared != null && own != declared) {
            throw new IllegalArgumentException(what + " has format " + own.wireName() + " but the socket declares "
                    + parameter + "=" + declared.wireName());
        }
        return own;
    }
}
