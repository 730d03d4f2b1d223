package dev.kgate.http.ws.wire;

/**
 * What a {@link WebSocketConnection} hands its user, on the connection's I/O thread. The payload arrays are the
 * connection's read buffer: read them during the call, never keep them.
 */
public interface FrameHandler {

    /** A whole text message; its UTF-8 is already checked. */
    void onText(byte[] data, int offset, int length);

    /** A whole binary message. */
    void onBinary(byte[] data, int offset, int length);

    /**
     * The client stayed silent past the idle timeout (1001), or left a message unfinished past its deadline (1008):
     * close with {@code code} once what is pending is answered. Called once.
     */
    void onTimedOut(int code, String reason);

    /** Everything sent so far has been written to the network. */
    void onOutputDrained();

    /** The connection is closed; called once. */
    void onClosed();
}
