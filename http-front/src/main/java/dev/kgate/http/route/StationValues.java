package dev.kgate.http.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.JsonValueMapper;
import dev.kgate.http.ingest.ProtobufReader;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * How a station's messages become record values: its {@link ValueMode}, for the structured modes the mapper the
 * connector built for it, and for a station that names a protobuf message type the reader of those messages (it
 * then takes nothing else). Each method either returns the value or throws {@link IllegalArgumentException} with
 * the reason, which the route turns into its own 4xx answer.
 */
public final class StationValues {

    public static final StationValues AS_SENT = new StationValues(ValueMode.AS_SENT, null);

    private final ValueMode mode;
    private final JsonValueMapper mapper;
    private final ProtobufReader protobuf;

    /** @param mapper required for the JSON-only modes, ignored otherwise */
    public StationValues(ValueMode mode, JsonValueMapper mapper) {
        this(mode, mode.jsonOnly() ? mapper : null, null);
        if (mode.jsonOnly() && mapper == null) {
            throw new IllegalArgumentException("value mode " + mode.configName() + " needs a mapper");
        }
    }

    private StationValues(ValueMode mode, JsonValueMapper mapper, ProtobufReader protobuf) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.mapper = mapper;
        this.protobuf = protobuf;
    }

    /**
     * A station whose messages are protobuf messages of one type; as text they would be garbled, so not in value mode
     * string.
     */
    public static StationValues protobuf(ValueMode mode, ProtobufReader reader) {
        if (mode == ValueMode.STRING) {
            throw new IllegalArgumentException("protobuf messages are binary: value mode string does not fit them");
        }
        return new StationValues(mode, null, Objects.requireNonNull(reader, "reader"));
    }

    public ValueMode mode() {
        return mode;
    }

    /** Whether values must be JSON documents: other bodies and WebSocket values are refused. */
    public boolean jsonOnly() {
        return protobuf == null && mode.jsonOnly();
    }

    /** Whether values become structured (value modes json and struct), from JSON or from protobuf. */
    public boolean structured() {
        return mode.jsonOnly();
    }

    /** @return the protobuf message type every message must be, or null when the station names none */
    public String protobufType() {
        return protobuf == null ? null : protobuf.messageType();
    }

    /** Why a value that is not a protobuf message is refused here. */
    public String protobufOnlyReason(String station) {
        return "Station '" + station + "' takes protobuf messages of type " + protobuf.messageType();
    }

    /** A protobuf body or WebSocket bytes value on a station that names a message type. */
    public TypedValue ofProtobuf(byte[] message) {
        if (mode.jsonOnly()) {
            return new TypedValue(ValueType.STRUCTURED, protobuf.map(message));
        }
        protobuf.check(message);
        return TypedValue.bytes(message);
    }

    /** Why a value that is not JSON is refused here. */
    public String jsonOnlyReason(String station) {
        return "Station '" + station + "' takes JSON values (value mode " + mode.configName() + ")";
    }

    /**
     * A JSON body or element.
     *
     * @param text     its exact bytes
     * @param document the parsed document; needed only when {@link #jsonOnly()}
     */
    public TypedValue ofJson(byte[] text, JsonNode document) {
        refuseUnlessProtobufFree();
        return switch (mode) {
            case AS_SENT, BYTES -> TypedValue.bytes(text);
            // JSON bodies are checked to be UTF-8 when they are read.
            case STRING -> TypedValue.string(new String(text, StandardCharsets.UTF_8));
            case JSON, STRUCT -> structured(document, text.length);
        };
    }

    /** A body that is not JSON (text, octet-stream). */
    public TypedValue ofBody(byte[] body) {
        refuseUnlessProtobufFree();
        return switch (mode) {
            case AS_SENT, BYTES -> TypedValue.bytes(body);
            case STRING -> TypedValue.string(strictUtf8(body));
            case JSON, STRUCT -> throw new IllegalArgumentException("the value is not JSON");
        };
    }

    /**
     * A WebSocket value, read as its declared type.
     *
     * @param document the parsed document of a {@code json} value; needed only when {@link #jsonOnly()}
     */
    public TypedValue ofSocketValue(TypedValue declared, JsonNode document) {
        if (protobuf != null) {
            if (declared.type() != ValueType.BYTES) {
                throw new IllegalArgumentException("the station takes protobuf messages of type "
                        + protobuf.messageType() + " as bytearray values, not "
                        + declared.type().name().toLowerCase(Locale.ROOT));
            }
            return ofProtobuf((byte[]) declared.value());
        }
        if (declared.type() != ValueType.JSON) {
            if (mode.jsonOnly()) {
                throw new IllegalArgumentException("the station takes json values (value mode " + mode.configName()
                        + "), not " + declared.type().name().toLowerCase(Locale.ROOT));
            }
            return declared;
        }
        String text = (String) declared.value();
        return switch (mode) {
            case AS_SENT -> declared;
            case STRING -> TypedValue.string(text);
            case BYTES -> TypedValue.bytes(text.getBytes(StandardCharsets.UTF_8));
            case JSON, STRUCT -> structured(document, 3 * text.length());
        };
    }

    private void refuseUnlessProtobufFree() {
        if (protobuf != null) {
            throw new IllegalArgumentException("the station takes protobuf messages of type "
                    + protobuf.messageType() + " only");
        }
    }

    private TypedValue structured(JsonNode document, int textBytes) {
        return new TypedValue(ValueType.STRUCTURED, mapper.map(document, textBytes));
    }

    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not UTF-8 text");
        }
    }
}
