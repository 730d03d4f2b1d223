package dev.kgate.http.ws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.util.JsonBytes;

import java.nio.charset.StandardCharsets;

/**
 * The JSON frames {@code /socket/in} answers with, written by hand because there is one per message. A result names
 * the client's id twice: {@code messageId} as the API documents it and {@code clientMessageId} as the original
 * proxy sends it, so clients of either read it.
 */
final class OutFrames {

    /** What an error frame says about the message it answers. */
    enum ErrorOutcome {
        /** The frame was refused: nothing was written. */
        INVALID,
        /** Not written; a retry is safe. */
        NOT_WRITTEN,
        /** Not written, and a retry would be dropped again (a transform filtered it). */
        DROPPED,
        /** Handed to Kafka, no acknowledgement: it may or may not be in Kafka. */
        UNKNOWN
    }

    private static final byte[] RESULT_TOPIC = JsonBytes.ascii("{\"topic\":");
    private static final byte[] PARTITION = JsonBytes.ascii(",\"partition\":");
    private static final byte[] OFFSET = JsonBytes.ascii(",\"offset\":");
    private static final byte[] TIMESTAMP = JsonBytes.ascii(",\"timestamp\":");
    private static final byte[] MESSAGE_ID = JsonBytes.ascii(",\"messageId\":");
    private static final byte[] CLIENT_MESSAGE_ID = JsonBytes.ascii(",\"clientMessageId\":");

    private OutFrames() {
    }

    static String result(WriteResult result, String messageId) {
        return new String(resultBytes(result, messageId).toByteArray(), StandardCharsets.UTF_8);
    }

    /** {@link #result} in this thread's {@link JsonBytes}, valid until this thread writes the next one. */
    static JsonBytes resultBytes(WriteResult result, String messageId) {
        JsonBytes json = JsonBytes.forThisThread().reset().raw(RESULT_TOPIC).string(result.topic())
                .raw(PARTITION).number(result.partition())
                .raw(OFFSET).number(result.offset())
                .raw(TIMESTAMP).number(result.timestamp());
        if (messageId != null) {
            json.raw(MESSAGE_ID).string(messageId).raw(CLIENT_MESSAGE_ID).string(messageId);
        }
        return json.raw('}');
    }

    static String error(String messageId, ErrorOutcome outcome, String reason) {
        StringBuilder json = new StringBuilder(96 + reason.length());
        json.append("{\"error\":");
        quote(json, reason);
        json.append(",\"outcome\":\"").append(outcome.name()).append('"');
        ids(json, messageId);
        return json.append('}').toString();
    }

    static String failure(String messageId, Outcome outcome) {
        ErrorOutcome kind = switch (outcome.kind()) {
            case NOT_WRITTEN -> ErrorOutcome.NOT_WRITTEN;
            case DROPPED -> ErrorOutcome.DROPPED;
            case UNKNOWN_TIMED_OUT, UNKNOWN_STOPPED -> ErrorOutcome.UNKNOWN;
            case WRITTEN -> throw new IllegalArgumentException("a written message is not a failure");
        };
        return error(messageId, kind, outcome.describe());
    }

    private static void ids(StringBuilder json, String messageId) {
        if (messageId != null) {
            json.append(",\"messageId\":");
            quote(json, messageId);
            json.append(",\"clientMessageId\":");
            quote(json, messageId);
        }
    }


    private static void quote(StringBuilder json, String text) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        json.append('"');
    }
}
