package dev.kgate.http.ws;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

import java.util.Deque;
import java.util.Map;

/**
 * The query parameters of {@code /socket/in}, checked before the upgrade.
 *
 * @param keyType null when the socket declares no key type (a frame's key must then name its own format)
 * @param valType null when the socket declares no value type (a value names its own format, or is a string)
 */
public record InSocketParameters(String clientId, String instanceId, String topic, SocketPayload payload,
                                 FormatType keyType, FormatType valType) {

    private static final AttachmentKey<InSocketParameters> PARSED = AttachmentKey.create(InSocketParameters.class);

    /** @throws dev.kgate.http.pipeline.Refusal (400) when the request's parameters are not valid */
    public static InSocketParameters of(HttpServerExchange exchange) {
        return QueryParameters.parsedOnce(exchange, PARSED, InSocketParameters::parse);
    }

    public static InSocketParameters parse(Map<String, Deque<String>> query) throws QueryParameters.Invalid {
        QueryParameters params = new QueryParameters(query);
        String clientId = params.required("clientId");
        String topic = params.required("topic");
        return new InSocketParameters(clientId, params.optional("instanceId"), topic, params.payload(),
                params.format("keyType"), params.format("valType"));
    }
}
