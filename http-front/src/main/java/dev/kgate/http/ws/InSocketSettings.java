package dev.kgate.http.ws;

import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.rest.IngestSettings;

/**
 * What every {@code /socket/in} socket of one task shares.
 *
 * @param maxInFlight messages a socket may have unanswered (plus answers not yet written to it) before the server
 *                    stops reading from it
 */
public record InSocketSettings(IngestSettings ingest, MessageSink sink, int maxInFlight, OpenSockets open) {
}
