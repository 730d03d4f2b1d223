package dev.kgate.http.ws;

import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;

import java.util.List;

/**
 * One message a client sent on {@code /socket/in}, decoded from a JSON or Avro frame.
 *
 * @param key null when the message has none
 * @param messageId the client's id for it, or null
 */
public record InboundRecord(TypedValue key, TypedValue value, List<MessageHeader> headers, String messageId) {
}
