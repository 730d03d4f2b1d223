package dev.kgate.http.rest;

import dev.kgate.http.ingest.Outcome;

/** The HTTP status and wording for a message that was not acknowledged. */
enum OutcomeStatus {
    DROPPED(422, false),
    NOT_WRITTEN(503, true),
    TIMED_OUT(504, false),
    STOPPED(503, true);

    private final int code;
    private final boolean retryAfter;

    OutcomeStatus(int code, boolean retryAfter) {
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static OutcomeStatus of(Outcome outcome) {
        return switch (outcome.kind()) {
            case DROPPED -> DROPPED;
            case NOT_WRITTEN -> NOT_WRITTEN;
            case UNKNOWN_TIMED_OUT -> TIMED_OUT;
            case UNKNOWN_STOPPED -> STOPPED;
            case WRITTEN -> throw new IllegalArgumentException("a written message has no failure status");
        };
    }

    int code() {
        return code;
    }

    boolean retryAfter() {
        return retryAfter;
    }
}
