package dev.kgate.http.auth;

/** A token that does not open the door, with a reason fit for the client (never the token itself). */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason);
    }
}
