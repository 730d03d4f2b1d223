package dev.kgate.http.auth;

import java.time.Duration;

/**
 * Who may log in, how tokens are signed, how long they last, whether a token may come in the query string (for
 * clients that cannot set headers; it ends up in access logs, so it is off unless configured), and how the checking
 * of secrets is bounded.
 */
public record AuthSettings(UserStore users, TokenService tokens, Duration accessDefault, Duration accessMax,
                           Duration refreshDefault, Duration refreshMax, boolean tokenInQueryAllowed,
                           LoginLimits logins) {

    public AuthSettings(UserStore users, TokenService tokens, Duration accessDefault, Duration accessMax,
                        Duration refreshDefault, Duration refreshMax, boolean tokenInQueryAllowed) {
        this(users, tokens, accessDefault, accessMax, refreshDefault, refreshMax, tokenInQueryAllowed,
                LoginLimits.DEFAULTS);
    }
}
