package dev.kgate.http.ws;

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

    public static InSocketParameters parse(Map<String, Deque<String>> query) throws QueryParameters.Invalid {
        QueryParameters params = new QueryParameters(query);
        String clientId = params.required("clientId");
        String topic = params.required("topic");
        return new InSocketParameters(clientId, params.optional("instanceId"), topic, params.payload(),
                params.format("keyType"), params.format("valType"));
    }
}
