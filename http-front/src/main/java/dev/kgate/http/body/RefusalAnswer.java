package dev.kgate.http.body;

/**
 * What a route answers when a body was not read whole: a status and a JSON body in the route's own shape.
 *
 * @param retryAfterSeconds 0 for no {@code Retry-After}
 */
public record RefusalAnswer(int status, byte[] json, int retryAfterSeconds) {
}
