package dev.kgate.http.ingest;

/**
 * Reads the protobuf messages posted to a station that names their message type. The connector provides one per
 * such station (the front does not parse protobuf itself); it runs where the request is checked, so bytes that are
 * not one such message are refused to their client like any other invalid message.
 */
public interface ProtobufReader {

    /** The message type's full name, e.g. {@code shop.v1.Order}: for the client's error messages. */
    String messageType();

    /**
     * Parses the message and drops the result: for stations that write the bytes as sent. Fields this message type
     * does not declare are allowed here (newer senders), since the bytes keep them.
     *
     * @throws IllegalArgumentException when the bytes are not one whole message of the type, saying why
     */
    void check(byte[] message);

    /**
     * The message as the station's structured value (value modes json and struct).
     *
     * @throws IllegalArgumentException when the bytes are not one whole message of the type, or hold what the value
     *                                  cannot (fields the type does not declare, unknown enum numbers, an unsigned
     *                                  64-bit number beyond a signed one), naming the field
     */
    StructuredValue map(byte[] message);
}
