package dev.kgate.http.ws.avro;

import org.apache.avro.Schema;

/**
 * The Avro wrapper schemas of the WebSocket proxy API, parsed once. Their JSON is the API's, field for field, so
 * that clients generated from the original proxy's schemas read and write the same bytes.
 */
public final class WrapperSchemas {

    private static final String NAMESPACE = "net.scalytica.kafka.wsproxy.avro";
    private static final String HEADER = "{\"type\":\"record\",\"name\":\"KafkaMessageHeader\","
            + "\"doc\":\"Schema definition for simple Kafka message headers.\",\"fields\":["
            + "{\"name\":\"key\",\"type\":\"string\"},{\"name\":\"value\",\"type\":\"string\"}]}";
    private static final String KEY_UNION = "[\"null\",\"bytes\",\"string\",\"int\",\"long\",\"double\",\"float\"]";
    private static final String VALUE_UNION = "[\"bytes\",\"string\",\"int\",\"long\",\"double\",\"float\"]";

    public static final Schema PRODUCER_RECORD = parse("{\"type\":\"record\",\"name\":\"AvroProducerRecord\","
            + "\"namespace\":\"" + NAMESPACE + "\","
            + "\"doc\":\"Inbound schema for producing messages with a key and value to Kafka topics via the WebSocket"
            + " proxy. It is up to the client to serialize the key and value before adding them to this message."
            + " This is because Avro does not support referencing external/remote schemas.\",\"fields\":["
            + "{\"name\":\"key\",\"type\":" + KEY_UNION + ",\"default\":null},"
            + "{\"name\":\"value\",\"type\":" + VALUE_UNION + "},"
            + "{\"name\":\"headers\",\"type\":[\"null\",{\"type\":\"array\",\"items\":" + HEADER + "}],"
            + "\"default\":null},"
            + "{\"name\":\"clientMessageId\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    public static final Schema PRODUCER_RESULT = parse("{\"type\":\"record\",\"name\":\"AvroProducerResult\","
            + "\"namespace\":\"" + NAMESPACE + "\","
            + "\"doc\":\"Outbound schema for responding to produced messages.\",\"fields\":["
            + "{\"name\":\"topic\",\"type\":\"string\"},{\"name\":\"partition\",\"type\":\"int\"},"
            + "{\"name\":\"offset\",\"type\":\"long\"},{\"name\":\"timestamp\",\"type\":\"long\"},"
            + "{\"name\":\"clientMessageId\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    public static final Schema CONSUMER_RECORD = parse("{\"type\":\"record\",\"name\":\"AvroConsumerRecord\","
            + "\"namespace\":\"" + NAMESPACE + "\","
            + "\"doc\":\"Outbound schema for messages with Avro key and value. It is up to the client to deserialize"
            + " the key and value using the correct schemas, since these are passed through as raw byte arrays in"
            + " this wrapper message.\",\"fields\":["
            + "{\"name\":\"wsProxyMessageId\",\"type\":\"string\"},{\"name\":\"topic\",\"type\":\"string\"},"
            + "{\"name\":\"partition\",\"type\":\"int\"},{\"name\":\"offset\",\"type\":\"long\"},"
            + "{\"name\":\"timestamp\",\"type\":\"long\"},"
            + "{\"name\":\"key\",\"type\":" + KEY_UNION + "},"
            + "{\"name\":\"value\",\"type\":" + VALUE_UNION + "},"
            + "{\"name\":\"headers\",\"type\":[\"null\",{\"type\":\"array\",\"items\":" + HEADER + "}]}]}");

    public static final Schema CONSUMER_COMMIT = parse("{\"type\":\"record\",\"name\":\"AvroCommit\","
            + "\"namespace\":\"" + NAMESPACE + "\","
            + "\"doc\":\"Inbound schema for committing the offset of consumed messages.\",\"fields\":["
            + "{\"name\":\"wsProxyMessageId\",\"type\":\"string\"}]}");

    private WrapperSchemas() {
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
