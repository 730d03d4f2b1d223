package dev.kgate.http.cluster;

import dev.kgate.http.rest.GatewayReplies;
import dev.kgate.http.util.Causes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /healthcheck} (is the listener up; says nothing about Kafka) and {@code /kafka/cluster/info} (can the
 * gateway reach the brokers; the pipeline lets only principals granted {@code describe:cluster} in, as it names
 * internal hosts).
 */
public final class ClusterRoutes {

    private static final byte[] HEALTHY = "{\"response\":\"I'm healthy\"}".getBytes(StandardCharsets.UTF_8);

    private final KafkaView kafka;

    public ClusterRoutes(KafkaView kafka) {
        this.kafka = kafka;
    }

    public static void healthcheck(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(HEALTHY));
    }

    public void clusterInfo(HttpServerExchange exchange) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> kafka.brokers().whenComplete((brokers, error) -> {
            if (error != null) {
                GatewayReplies.message(exchange, 503, "Cannot reach the Kafka cluster: "
                        + Causes.unwrap(error).getMessage());
            } else {
                GatewayReplies.json(exchange, 200, brokers);
            }
        }));
    }
}
