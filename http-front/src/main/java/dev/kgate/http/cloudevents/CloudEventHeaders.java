package dev.kgate.http.cloudevents;

import dev.kgate.http.ingest.MessageHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The record headers of a CloudEvent. Its attributes are named as the Kafka protocol binding names them in binary
 * mode: {@code ce_<attribute>}, and {@code content-type} for {@code datacontenttype}. Those names belong to the event:
 * a request header forwarded by the allow-list ({@code headers.forward}) never lands under one of them on an event's
 * record, nor under an HTTP binding's {@code ce-*} name, so that a record's {@code ce_*} headers always say what the
 * event said and nothing else does.
 */
public final class CloudEventHeaders {

    static final String CONTENT_TYPE = "content-type";
    private static final String KAFKA_PREFIX = "ce_";
    private static final String HTTP_PREFIX = "ce-";

    private CloudEventHeaders() {
    }

    /** @return the record header an attribute is written under */
    static String headerName(String attribute) {
        return attribute.equals("datacontenttype") ? CONTENT_TYPE : KAFKA_PREFIX + attribute;
    }

    /** Whether a header of this name on an event's record could only contradict, or repeat, the event. */
    static boolean ownedByTheEvent(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return name.startsWith(KAFKA_PREFIX) || name.startsWith(HTTP_PREFIX) || name.equals(CONTENT_TYPE);
    }

    /**
     * The headers of an event's record: the forwarded request headers but those under a name the event owns, then the
     * event's own.
     *
     * @param forwarded     the request's headers as {@code headers.forward} selects them, the gateway's own last
     * @param gatewayHeader the header the gateway sets itself (the user's name; {@code headers.user}), or null: kept
     *                      whatever its name, and an event may not set it
     * @throws InvalidCloudEventException when an attribute would be written under the gateway's own header
     */
    public static List<MessageHeader> recordHeaders(List<MessageHeader> forwarded, String gatewayHeader,
                                                    CloudEventRecord event) throws InvalidCloudEventException {
        List<MessageHeader> headers = new ArrayList<>(forwarded.size() + event.headers().size());
        for (MessageHeader header : forwarded) {
            if (!ownedByTheEvent(header.key()) || header.key().equalsIgnoreCase(String.valueOf(gatewayHeader))) {
                headers.add(header);
            }
        }
        for (MessageHeader header : event.headers()) {
            if (header.key().equalsIgnoreCase(String.valueOf(gatewayHeader))) {
                throw new InvalidCloudEventException("the event's attribute would be written as the header '"
                        + gatewayHeader + "', which the gateway sets itself");
            }
            headers.add(header);
        }
        return headers;
    }
}
