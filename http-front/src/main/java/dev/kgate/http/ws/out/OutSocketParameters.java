package dev.kgate.http.ws.out;

import dev.kgate.http.ws.FormatType;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import dev.kgate.http.ws.QueryParameters;
import dev.kgate.http.ws.SocketPayload;

import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * The query parameters of {@code /socket/out}, checked before the upgrade.
 *
 * @param keyType null when the client wants no key in its frames
 * @param rate at most this many records per second on the socket; 0 for no limit
 * @param batchSize at most this many records per read from Kafka and per burst on the socket
 */
public record OutSocketParameters(String clientId, String groupId, String topic, SocketPayload payload,
                                  FormatType keyType, FormatType valType, String offsetResetStrategy,
                                  String isolationLevel, int rate, int batchSize, boolean autoCommit) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    /** More would only hold more records in memory per socket; the socket's pace comes from the client anyway. */
    public static final int MAX_BATCH_SIZE = 10_000;
    /** Far above what one socket delivers (about 100,000 records/s): a limit above it is no limit. */
    public static final int MAX_RATE = 1_000_000;

    private static final AttachmentKey<OutSocketParameters> PARSED = AttachmentKey.create(OutSocketParameters.class);

    /** @throws dev.kgate.http.pipeline.Refusal (400) when the request's parameters are not valid */
    public static OutSocketParameters of(HttpServerExchange exchange) {
        return QueryParameters.parsedOnce(exchange, PARSED, OutSocketParameters::parse);
    }

    public static OutSocketParameters parse(Map<String, Deque<String>> query) throws QueryParameters.Invalid {
        QueryParameters params = new QueryParameters(query);
        String clientId = params.required("clientId");
        String topic = params.required("topic");
        String groupId = params.optional("groupId");
        FormatType valType = params.format("valType");
        String reset = params.oneOf("offsetResetStrategy", "earliest", "earliest", "latest");
        String isolation = params.oneOf("isolationLevel", "read_uncommitted", "read_uncommitted", "read_committed");
        String autoCommit = params.oneOf("autoCommit", "true", "true", "false");
        return new OutSocketParameters(clientId, groupId == null ? clientId + "-group" : groupId, topic,
                params.payload(), params.format("keyType"), valType == null ? FormatType.STRING : valType,
                reset, isolation, params.wholeNumber("rate", 1, MAX_RATE, 0),
                params.wholeNumber("batchSize", 1, MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE),
                Boolean.parseBoolean(autoCommit.toLowerCase(Locale.ROOT)));
    }
}
