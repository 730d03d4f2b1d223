package dev.kgate.http.ws;

import dev.kgate.http.access.Principal;
import dev.kgate.http.ingest.MessageHeader;

import java.util.List;

/**
 * One accepted {@code /socket/in} upgrade: what the client asked for, who it is, and the record headers every
 * message of the socket carries (allow-listed upgrade request headers, and the user's name where configured), and its
 * place among the client's sessions, given back when it closes.
 */
record InSocket(InSocketParameters parameters, FrameTypes types, Principal principal, List<MessageHeader> headers,
                SocketSessions.Session session) {
}
