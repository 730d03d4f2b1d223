package dev.kgate.http;

import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.ws.InSocketSettings;

/**
 * Everything one task's routes need.
 *
 * @param auth null to switch authentication off
 * @param socketMaxInFlight unanswered messages per {@code /socket/in} socket before the server stops reading
 * @param bytesOnly which of key and value the connector's converters can write only as bytes
 */
public record GatewaySettings(IngestSettings ingest, AuthSettings auth, KafkaView kafka, int socketMaxInFlight,
                              InSocketSettings.BytesOnly bytesOnly) {
}
