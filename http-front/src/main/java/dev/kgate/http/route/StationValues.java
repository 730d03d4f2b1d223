package dev.kgate.http.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.JsonValueMapper;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * How a station's messages become record values: its {@link ValueMode}, and for the structured modes the mapper
 * the connector built for it. Each method either returns the value or throws {@link IllegalArgumentException} with
 * the reason, which the route turns into its own 4xx answer.
 */
public final class StationValues {

    public static final StationValues AS_SENT = new StationValues(ValueMode.AS_SENT, null);

    private final ValueMode mode;
    private final JsonValueMapper mapper;

    /** @param mapper required for the JSON-only modes, ignored otherwise */
    public StationValues(ValueMode mode, JsonValueMapper mapper) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode.jsonOnly() && mapper == null) {
            throw new IllegalArgumentException("value mode " + mode.configName() + " needs a mapper");
        }
        this.mapper = mode.jsonOnly() ? mapper : null;
    }

    public ValueMode mode() {
        return mode;
    }

    /** Whether values must be JSON documents: other bodies and WebSocket values are refused. */
    public boolean jsonOnly() {
        return mode.jsonOnly();
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
        return switch (mode) {
            case AS_SENT, BYTES -> TypedValue.bytes(text);
            // JSON bodies are checked to be UTF-8 when they are read.
            case STRING -> TypedValue.string(new String(text, StandardCharsets.UTF_8));
            case JSON, STRUCT -> structured(document, text.length);
        };
    }

    /** A body that is not JSON (text, octet-stream). */
    public TypedValue ofBody(byte[] body) {
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
