package dev.kgate.http.ws.avro;

import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import org.apache.avro.Schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** {@code GET /schemas/avro/...}: the wrapper schemas as JSON, rendered once. */
public final class AvroSchemaRoutes {

    private AvroSchemaRoutes() {
    }

    public static void addTo(RoutingHandler routes) {
        routes.get("/schemas/avro/producer/record", schema(WrapperSchemas.PRODUCER_RECORD))
                .get("/schemas/avro/producer/result", schema(WrapperSchemas.PRODUCER_RESULT))
                .get("/schemas/avro/consumer/record", schema(WrapperSchemas.CONSUMER_RECORD))
                .get("/schemas/avro/consumer/commit", schema(WrapperSchemas.CONSUMER_COMMIT));
    }

    private static HttpHandler schema(Schema schema) {
        byte[] json = schema.toString(true).getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(json));
        };
    }
}
