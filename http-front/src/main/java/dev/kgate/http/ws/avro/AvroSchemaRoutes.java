package dev.kgate.http.ws.avro;

import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.GuardedRoutes;
import dev.kgate.http.pipeline.RouteSpec;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.apache.avro.Schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** {@code GET /schemas/avro/...}: the wrapper schemas as JSON, rendered once; public, like any API description. */
public final class AvroSchemaRoutes {

    private AvroSchemaRoutes() {
    }

    private static final RouteSpec OPEN = RouteSpec.open(ApiShape.WEBSOCKET_PROXY);

    public static void addTo(GuardedRoutes routes) {
        routes.get("/schemas/avro/producer/record", OPEN, schema(WrapperSchemas.PRODUCER_RECORD))
                .get("/schemas/avro/producer/result", OPEN, schema(WrapperSchemas.PRODUCER_RESULT))
                .get("/schemas/avro/consumer/record", OPEN, schema(WrapperSchemas.CONSUMER_RECORD))
                .get("/schemas/avro/consumer/commit", OPEN, schema(WrapperSchemas.CONSUMER_COMMIT));
    }

    private static HttpHandler schema(Schema schema) {
        byte[] json = schema.toString(true).getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(json));
        };
    }
}
