package dev.kgate.http.metrics;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Why an exchange was not served, as a metric tag: a small fixed set. Most reasons follow from the status; where one
 * status has several causes worth telling apart (a 503 for a full queue, a stopping task, a paused connector, or else),
 * the code that answers marks the exchange with {@link #markOn}.
 */
public enum RefusalReason {
    /** 400: a malformed or invalid request, body or frame. */
    INVALID("invalid"),
    /** 401: credentials missing or wrong, a bad webhook signature, a failed login. */
    UNAUTHENTICATED("unauthenticated"),
    /** 403: the principal may not do this. */
    FORBIDDEN("forbidden"),
    /** 404: no such route, or no such topic. */
    NOT_FOUND("not-found"),
    /** 405: the route does not take this method. */
    METHOD_NOT_ALLOWED("method-not-allowed"),
    /** 408: the body did not arrive in time. */
    TOO_SLOW("too-slow"),
    /** 409: a replayed webhook, or an idempotency key in use. */
    CONFLICT("conflict"),
    /** 413: a body or record too large. */
    TOO_LARGE("too-large"),
    /** 415: a content type or encoding the route does not take. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    /** 422: Connect dropped the record, or an idempotency key came with another body. */
    UNPROCESSABLE("unprocessable"),
    /** 429: over the principal's rate, or too many failed logins. */
    RATE_LIMITED("rate-limited"),
    /** 503: the task's queue is full. */
    QUEUE_FULL("queue-full"),
    /** 503: the task is stopping. */
    STOPPING("stopping"),
    /** 503: the connector is paused. */
    PAUSED("paused"),
    /** 503 for any other cause: Kafka cannot be asked, a cap on sockets or unfinished input reached. */
    UNAVAILABLE("unavailable"),
    /** 504: Kafka did not acknowledge in time; the outcome is unknown. */
    ACK_TIMEOUT("ack-timeout"),
    /** 500 and other 5xx: the gateway's own failure. */
    SERVER_ERROR("server-error"),
    /** Any other 4xx. */
    OTHER("other");

    private static final AttachmentKey<RefusalReason> MARK = AttachmentKey.create(RefusalReason.class);

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Says why this exchange is refused, where its status alone does not. */
    public void markOn(HttpServerExchange exchange) {
        exchange.putAttachment(MARK, this);
    }

    /** @return the reason the exchange was marked with, else the one its status stands for; null below 400 */
    public static RefusalReason of(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (status < 400) {
            return null;
        }
        RefusalReason marked = exchange.getAttachment(MARK);
        return marked != null ? marked : ofStatus(status);
    }

    /** @return the reason a status of 400 or more stands for */
    public static RefusalReason ofStatus(int status) {
        return switch (status) {
            case 400, 411 -> INVALID;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 408 -> TOO_SLOW;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            case 504 -> ACK_TIMEOUT;
            default -> status >= 500 ? SERVER_ERROR : OTHER;
        };
    }
}
