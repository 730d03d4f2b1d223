package dev.kgate.http.listener;

/** The listener could not be opened, or its port is held by another connector on this worker. */
public class ListenerBindException extends RuntimeException {

    public ListenerBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
