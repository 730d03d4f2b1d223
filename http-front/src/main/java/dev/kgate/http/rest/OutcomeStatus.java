package dev.kgate.http.rest;

import dev.kgate.http.ingest.Outcome;

/** The HTTP status and wording for a message that was not acknowledged. */
enum OutcomeStatus {
    DROPPED(422, false, "Message not written: "),
    NOT_WRITTEN(503, true, "Message not written, a retry is safe: "),
    TIMED_OUT(504, false, "Outcome unknown, the message may or may not be in Kafka (a retry may duplicate it): "),
    STOPPED(503, true, "Outcome unknown, the message may or may not be in Kafka (a retry may duplicate it): ");

    private final int code;
    private final boolean retryAfter;
    private final String prefix;

    OutcomeStatus(int code, boolean retryAfter, String prefix) {
        this.code = code;
        this.retryAfter = retryAfter;
        this.prefix = prefix;
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

    String describe(Outcome outcome) {
        return prefix + outcome.detail();
    }
}
