package dev.kgate.http.auth;

/**
 * Who a request authenticated as.
 *
 * @param expiresAtMillis when the credential stops being valid (an access token's expiry); 0 for Basic credentials,
 *                        which do not expire
 */
public record Caller(String user, long expiresAtMillis) {

    public boolean expires() {
        return expiresAtMillis > 0;
    }
}
