package dev.kgate.http.cloudevents;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CloudEvents in binary mode over HTTP: the attributes are {@code ce-*} headers, {@code Content-Type} is the
 * {@code datacontenttype}, and the body is the data, written as sent whatever its type.
 */
public final class BinaryCloudEvents {

    private static final String PREFIX = "ce-";
    private static final String SPECVERSION_HEADER = PREFIX + "specversion";

    private BinaryCloudEvents() {
    }

    /** Whether a request is a CloudEvent in binary mode: it says which spec version it follows. */
    public static boolean present(HeaderMap headers) {
        return headers.contains(SPECVERSION_HEADER);
    }

    /** @throws InvalidCloudEventException when the headers do not make a valid CloudEvents 1.0 event */
    public static CloudEventRecord read(HeaderMap headers, byte[] body) throws InvalidCloudEventException {
        EventAttributes attributes = new EventAttributes();
        for (HeaderValues header : headers) {
            String name = header.getHeaderName().toString().toLowerCase(Locale.ROOT);
            if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
                continue;
            }
            String attribute = name.substring(PREFIX.length());
            if (attribute.equals("datacontenttype")) {
                throw new InvalidCloudEventException("in binary mode the datacontenttype is the Content-Type header,"
                        + " not " + name);
            }
            if (attribute.equals("data") || attribute.equals("data_base64")) {
                throw new InvalidCloudEventException("in binary mode the body is the data, not " + name);
            }
            if (header.size() > 1) {
                throw new InvalidCloudEventException("the header " + EventAttributes.echo(name) + " is repeated");
            }
            attributes.put(attribute, decoded(header.getFirst(), name));
        }
        String contentType = headers.getFirst(Headers.CONTENT_TYPE);
        if (contentType != null) {
            attributes.put("datacontenttype", contentType);
        }
        return new CloudEventRecord(body, contentType, body.length > 0 && MediaTypes.isJson(contentType),
                attributes.recordHeaders());
    }

    /**
     * A header value as the HTTP binding encodes it: UTF-8, with what a header cannot carry percent-encoded. Undertow
     * gives each byte of the header as one character; they are read back as the UTF-8 they are.
     */
    static String decoded(String value, String header) throws InvalidCloudEventException {
        ByteBuffer bytes = ByteBuffer.allocate(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
                if (low < 0) {
                    throw new InvalidCloudEventException("the header " + EventAttributes.echo(header)
                            + " has a '%' that is not followed by two hex digits");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidCloudEventException("the header " + EventAttributes.echo(header) + " is not UTF-8");
        }
    }
}
