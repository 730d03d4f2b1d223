package dev.kgate.connect.value;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Why a document cannot become a station's value, and where in it: the path is built while the exception unwinds,
 * so a document that maps cleanly costs no path strings.
 */
public final class ValueRefusal extends IllegalArgumentException {

    private final Deque<String> path = new ArrayDeque<>();
    private final String reason;

    public ValueRefusal(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** A client's mistake, answered with a 400: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** Adds the property name or array index the failing value sits under, from the inside out. */
    public ValueRefusal under(Object segment) {
        path.addFirst(segment.toString().replace("~", "~0").replace("/", "~1"));
        return this;
    }

    @Override
    public String getMessage() {
        return (path.isEmpty() ? "the value" : "/" + String.join("/", path)) + ": " + reason;
    }
}
