package dev.kgate.http.util;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a future's callback sees is often a wrapper; clients are told about what is inside it. */
public final class Causes {

    private Causes() {
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
