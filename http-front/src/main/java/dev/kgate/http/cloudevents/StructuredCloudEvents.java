package dev.kgate.http.cloudevents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.util.JsonEncoding;
import dev.kgate.http.util.JsonErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * CloudEvents in structured mode: one event as a JSON object ({@code application/cloudevents+json}), as the
 * CloudEvents JSON format writes it. Read in one pass over the client's bytes rather than through the SDK's JSON
 * format, which would re-encode {@code data} (numbers through doubles, spacing lost): a JSON {@code data} becomes the
 * record's value exactly as it was sent, like every other JSON body the gateway writes.
 */
public final class StructuredCloudEvents {

    public static final String MEDIA_TYPE = "application/cloudevents+json";
    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";
    private static final String DATA = "data";
    private static final String DATA_BASE64 = "data_base64";
    private static final JsonFactory JSON = new JsonFactory();

    private StructuredCloudEvents() {
    }

    /**
     * @param json one event: a JSON object
     * @throws InvalidCloudEventException when it is not JSON, not an object, or not a valid CloudEvents 1.0 event
     */
    public static CloudEventRecord read(byte[] json) throws InvalidCloudEventException {
        if (JsonEncoding.readAsOtherThanUtf8(json, 0, json.length)) {
            throw new InvalidCloudEventException(JsonEncoding.NOT_UTF8);
        }
        EventAttributes attributes = new EventAttributes();
        byte[] data = null;
        String dataText = null;
        boolean hasBase64 = false;
        String base64 = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidCloudEventException("an event is a JSON object (a batch of them goes to /produce/batch"
                        + " as " + BATCH_MEDIA_TYPE + ")");
            }
            JsonToken token = parser.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(DATA)) {
                    if (data != null) {
                        throw new InvalidCloudEventException("'data' is given twice");
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    dataText = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                    token = parser.nextToken();
                    // The data's own bytes: up to the next token, less the comma and whitespace between.
                    data = slice(json, start, (int) parser.currentTokenLocation().getByteOffset());
                    continue;
                }
                if (name.equals(DATA_BASE64)) {
                    if (hasBase64) {
                        throw new InvalidCloudEventException("'data_base64' is given twice");
                    }
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        throw new InvalidCloudEventException("'data_base64' must be a base64 string");
                    }
                    hasBase64 = value == JsonToken.VALUE_STRING;
                    base64 = hasBase64 ? parser.getText() : null;
                } else {
                    attribute(parser, name, value, attributes);
                }
                token = parser.nextToken();
            }
            if (parser.nextToken() != null) {
                throw new InvalidCloudEventException("more follows the event's JSON object");
            }
        } catch (IOException e) {
            throw new InvalidCloudEventException("not valid JSON: " + JsonErrors.describe(e));
        }
        if (data != null && hasBase64) {
            throw new InvalidCloudEventException("an event has either 'data' or 'data_base64', not both");
        }
        if (data != null && !attributes.has("datacontenttype")) {
            // The JSON format: data without a datacontenttype is application/json.
            attributes.put("datacontenttype", "application/json");
        }
        return record(attributes, data, dataText, base64);
    }

    private static CloudEventRecord record(EventAttributes attributes, byte[] data, String dataText, String base64)
            throws InvalidCloudEventException {
        String contentType = attributes.string("datacontenttype");
        List<MessageHeader> headers = attributes.recordHeaders();
        if (base64 != null) {
            try {
                return new CloudEventRecord(Base64.getDecoder().decode(base64), contentType, false, headers);
            } catch (IllegalArgumentException e) {
                throw new InvalidCloudEventException("'data_base64' is not valid base64");
            }
        }
        if (data == null) {
            return new CloudEventRecord(new byte[0], contentType, false, headers);
        }
        if (MediaTypes.isJson(contentType)) {
            return new CloudEventRecord(data, contentType, true, headers);
        }
        if (dataText == null) {
            throw new InvalidCloudEventException("'data' must be a JSON string when the datacontenttype ('"
                    + EventAttributes.echo(contentType) + "') is not JSON; send bytes as 'data_base64'");
        }
        return new CloudEventRecord(dataText.getBytes(StandardCharsets.UTF_8), contentType, false, headers);
    }

    /** A context attribute or extension: a string, a boolean or a 32-bit integer; null means absent. */
    private static void attribute(JsonParser parser, String name, JsonToken value, EventAttributes attributes)
            throws IOException, InvalidCloudEventException {
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL && EventAttributes.definedBySpec(name)) {
            throw new InvalidCloudEventException("the attribute '" + name + "' must be a string");
        }
        switch (value) {
            case VALUE_STRING -> attributes.put(name, parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> attributes.put(name, value == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw new InvalidCloudEventException("the attribute '" + EventAttributes.echo(name)
                            + "' is an integer beyond 32 bits");
                }
                attributes.put(name, parser.getIntValue());
            }
            case VALUE_NULL -> {
                // An attribute set to null is absent (the JSON format).
            }
            default -> throw new InvalidCloudEventException("the attribute '" + EventAttributes.echo(name)
                    + "' must be a string, a boolean or an integer");
        }
    }

    private static byte[] slice(byte[] json, int start, int next) {
        int end = skipWhitespaceBackwards(json, start, next);
        if (end > start && json[end - 1] == ',') {
            end = skipWhitespaceBackwards(json, start, end - 1);
        }
        return Arrays.copyOfRange(json, start, end);
    }

    private static int skipWhitespaceBackwards(byte[] json, int start, int end) {
        while (end > start && (json[end - 1] == ' ' || json[end - 1] == '\n' || json[end - 1] == '\r'
                || json[end - 1] == '\t')) {
            end--;
        }
        return end;
    }
}
