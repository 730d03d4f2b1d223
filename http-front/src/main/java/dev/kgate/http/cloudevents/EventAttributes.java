package dev.kgate.http.cloudevents;

import dev.kgate.http.ingest.MessageHeader;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.rw.CloudEventRWException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cloudevents.core.v1.CloudEventV1.DATACONTENTTYPE;
import static io.cloudevents.core.v1.CloudEventV1.DATASCHEMA;
import static io.cloudevents.core.v1.CloudEventV1.ID;
import static io.cloudevents.core.v1.CloudEventV1.SOURCE;
import static io.cloudevents.core.v1.CloudEventV1.SPECVERSION;
import static io.cloudevents.core.v1.CloudEventV1.SUBJECT;
import static io.cloudevents.core.v1.CloudEventV1.TIME;
import static io.cloudevents.core.v1.CloudEventV1.TYPE;

/**
 * A CloudEvent's context attributes as the client sent them, in either mode. {@link #recordHeaders()} checks them
 * against CloudEvents 1.0 (the gateway's own checks first, for messages that say what is wrong; then the SDK's v1
 * builder: RFC 3339 times, URI references, extension names) and names them as record headers.
 */
final class EventAttributes {

    /** The spec's attributes in the order their headers are written; extensions follow in the order they came. */
    private static final List<String> SPEC_ORDER = List.of(SPECVERSION, ID, SOURCE, TYPE, DATACONTENTTYPE,
            DATASCHEMA, SUBJECT, TIME);
    /** Attributes that, when present, must be non-empty strings (CloudEvents 1.0, "Context Attributes"). */
    private static final List<String> NON_EMPTY = List.of(ID, SOURCE, TYPE, SUBJECT);
    private static final int MAX_ECHO = 40;

    /** Each value a String, or, for an extension in a structured event, a Boolean or an Integer. */
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Whether CloudEvents 1.0 itself defines the attribute (all of them strings), rather than an extension. */
    static boolean definedBySpec(String name) {
        return SPEC_ORDER.contains(name);
    }

    void put(String name, Object value) throws InvalidCloudEventException {
        if (values.putIfAbsent(name, value) != null) {
            throw new InvalidCloudEventException("the attribute '" + echo(name) + "' is given twice");
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** @return the attribute's value if it is a string, else null */
    String string(String name) {
        return values.get(name) instanceof String text ? text : null;
    }

    /**
     * @return the attributes as record headers, named as the Kafka protocol binding names them
     * @throws InvalidCloudEventException when they do not make a CloudEvents 1.0 event
     */
    List<MessageHeader> recordHeaders() throws InvalidCloudEventException {
        checkRequired();
        CloudEventBuilder builder = CloudEventBuilder.v1();
        for (Map.Entry<String, Object> attribute : values.entrySet()) {
            String name = attribute.getKey();
            Object value = attribute.getValue();
            try {
                if (name.equals(SPECVERSION)) {
                    continue;
                }
                if (value instanceof Boolean flag) {
                    builder.withExtension(name, flag);
                } else if (value instanceof Integer number) {
                    builder.withExtension(name, number);
                } else {
                    builder.withContextAttribute(name, (String) value);
                }
            } catch (CloudEventRWException | IllegalArgumentException e) {
                throw new InvalidCloudEventException(describe(name, e));
            }
        }
        try {
            builder.build();
        } catch (RuntimeException e) {
            // Every rule the builder checks at build time was checked above; this is a last guard.
            throw new InvalidCloudEventException("the attributes do not make a CloudEvents 1.0 event");
        }
        List<MessageHeader> headers = new ArrayList<>(values.size());
        for (String name : SPEC_ORDER) {
            if (values.containsKey(name)) {
                headers.add(new MessageHeader(CloudEventHeaders.headerName(name), String.valueOf(values.get(name))));
            }
        }
        for (Map.Entry<String, Object> attribute : values.entrySet()) {
            if (!SPEC_ORDER.contains(attribute.getKey())) {
                headers.add(new MessageHeader(CloudEventHeaders.headerName(attribute.getKey()),
                        String.valueOf(attribute.getValue())));
            }
        }
        return headers;
    }

    private void checkRequired() throws InvalidCloudEventException {
        for (String name : List.of(SPECVERSION, ID, SOURCE, TYPE)) {
            if (!values.containsKey(name)) {
                throw new InvalidCloudEventException("the required attribute '" + name + "' is missing");
            }
        }
        for (String name : SPEC_ORDER) {
            if (values.containsKey(name) && !(values.get(name) instanceof String)) {
                throw new InvalidCloudEventException("the attribute '" + name + "' must be a string");
            }
        }
        String version = string(SPECVERSION);
        if (!SpecVersion.V1.toString().equals(version)) {
            throw new InvalidCloudEventException("specversion '" + echo(version) + "' is not supported: use "
                    + SpecVersion.V1);
        }
        for (String name : NON_EMPTY) {
            if (values.containsKey(name) && string(name).isEmpty()) {
                throw new InvalidCloudEventException("the attribute '" + name + "' must not be empty");
            }
        }
    }

    private static String describe(String name, RuntimeException failure) {
        CloudEventRWException.CloudEventRWExceptionKind kind = failure instanceof CloudEventRWException rw
                ? rw.getKind() : CloudEventRWException.CloudEventRWExceptionKind.OTHER;
        return switch (kind) {
            case INVALID_EXTENSION_NAME, INVALID_ATTRIBUTE_NAME -> "'" + echo(name) + "' is not a valid attribute"
                    + " name: CloudEvents attribute names are lowercase letters (a-z) and digits";
            case INVALID_ATTRIBUTE_VALUE -> switch (name) {
                case TIME -> "the attribute 'time' must be an RFC 3339 timestamp";
                case SOURCE -> "the attribute 'source' must be a URI-reference";
                case DATASCHEMA -> "the attribute 'dataschema' must be a URI";
                default -> "the attribute '" + echo(name) + "' has an invalid value";
            };
            default -> "the attribute '" + echo(name) + "' is not valid";
        };
    }

    /** A client's text in a message, cut short. */
    static String echo(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
