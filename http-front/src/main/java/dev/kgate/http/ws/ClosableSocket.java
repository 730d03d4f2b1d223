package dev.kgate.http.ws;

import dev.kgate.http.metrics.SocketSide;

/** A socket a stopping task can close, after it answered what is pending. */
public interface ClosableSocket {

    /** Safe from any thread, and more than once: the first reason wins. */
    void closeWhenAnswered(int code, String reason);

    /** Whose socket it is, for the cap on sockets per principal. */
    String principalName();

    /** Which route the socket was opened on, for the count of open sockets. */
    SocketSide side();
}
