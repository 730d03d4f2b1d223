package dev.kgate.http.pipeline;

/**
 * A request the gateway will not serve, and why: a status and a message fit for the client. Every step of the
 * pipeline refuses with one; {@link ApiShape} renders it in the body shape of the API the route belongs to.
 */
public class Refusal extends RuntimeException {

    private final int status;
    /** 0: none, or the listener's own where the status calls for one (503). */
    private final int retryAfterSeconds;

    public Refusal(int status, String message) {
        this(status, message, 0);
    }

    public Refusal(int status, String message, int retryAfterSeconds) {
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
