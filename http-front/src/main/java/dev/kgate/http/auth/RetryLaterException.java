package dev.kgate.http.auth;

/**
 * A check of credentials that was not made, and when the client may ask again: 429 when its address failed to log
 * in too often, 503 when too many checks are waiting or the gateway is stopping. The message is fit for the client.
 */
public final class RetryLaterException extends Exception {

    private final int status;
    private final int retryAfterSeconds;

    RetryLaterException(int status, int retryAfterSeconds, String message) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
