package dev.kgate.http.ws;

/** A frame that cannot become a message; answered with an error frame, the socket stays open. */
public final class BadFrameException extends Exception {

    private final String messageId;

    public BadFrameException(String messageId, String reason) {
        super(reason, null, false, false);
        this.messageId = messageId;
    }

    /** @return the client's message id, when the frame was readable far enough to have one */
    public String messageId() {
        return messageId;
    }
}
