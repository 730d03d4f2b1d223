package dev.kgate.http.ws;

import dev.kgate.http.ingest.TypedValue;

import java.util.Base64;

/** A frame read by the scan or by the tree, as comparable text (a record's byte arrays compare by identity). */
final class FrameReads {

    interface FrameRead {
        InboundRecord read() throws BadFrameException;
    }

    private FrameReads() {
    }

    static String outcome(FrameRead read) {
        try {
            InboundRecord record = read.read();
            return "read " + rendered(record.key()) + " " + rendered(record.value()) + " " + record.valueDocument()
                    + " " + record.headers() + " " + record.messageId() + " " + record.idempotencyKey();
        } catch (BadFrameException e) {
            return "refused " + e.messageId() + ": " + e.getMessage();
        }
    }

    private static String rendered(TypedValue value) {
        if (value == null) {
            return "null";
        }
        Object content = value.value() instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                : value.value() + " (" + (value.value() == null ? "" : value.value().getClass().getSimpleName()) + ")";
        return value.type() + ":" + content;
    }
}
