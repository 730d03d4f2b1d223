package dev.kgate.http.ws;

import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.ws.wire.SocketTimeouts;

/**
 * What every {@code /socket/in} socket of one task shares.
 *
 * @param maxInFlight messages a socket may have unanswered (plus answers not yet written to it) before the server
 *                    stops reading from it
 * @param bytesOnly which of key and value the connector's converters can write only as bytes
 * @param timeouts    how long a socket may stay silent or leave a message unfinished
 */
public record InSocketSettings(IngestSettings ingest, MessageSink sink, int maxInFlight, BytesOnly bytesOnly,
                               OpenSockets open, SocketTimeouts timeouts, PrincipalLimits limits,
                               SocketSessions sessions) {

    /**
     * A converter that writes only bytes (the ByteArrayConverter) fails the task on any other type; such values are
     * refused at the socket with a clear error instead.
     */
    public record BytesOnly(boolean keys, boolean values) {
        public static final BytesOnly NEITHER = new BytesOnly(false, false);
    }
}
