package dev.kgate.http.auth;

/**
 * How the checking of users' secrets is bounded, so that a flood of logins can neither stall the listener nor keep
 * the real users out.
 *
 * @param verifyThreads        threads of the gateway's own that hash secrets (PBKDF2 is slow on purpose)
 * @param verifyQueue          checks that may wait for those threads; beyond, a check is refused with 503
 * @param failedLoginsMax      failed logins one client address may make within a window; beyond, it is refused
 *                             with 429 and nothing is hashed until the window has passed
 * @param failedLoginsWindowMs the length of that window
 * @param retryAfterSeconds    the {@code Retry-After} of a 503 when too many checks wait
 * @param verifiedCacheSize    how many recently verified (user, secret) pairs are remembered, so that Basic
 *                             credentials on every request are not hashed each time; 0 remembers none
 * @param verifiedCacheMs      how long one is remembered
 */
public record LoginLimits(int verifyThreads, int verifyQueue, int failedLoginsMax, long failedLoginsWindowMs,
                          int retryAfterSeconds, int verifiedCacheSize, long verifiedCacheMs) {

    public static final LoginLimits DEFAULTS = new LoginLimits(2, 64, 10, 60_000, 1, 10_000, 300_000);

    public LoginLimits {
        if (verifyThreads < 1 || verifyQueue < 1 || failedLoginsMax < 1 || failedLoginsWindowMs < 1
                || retryAfterSeconds < 1 || verifiedCacheSize < 0 || verifiedCacheMs < 1) {
            throw new IllegalArgumentException("every login limit must be positive");
        }
    }

    /** With the default cache of verified secrets. */
    public LoginLimits(int verifyThreads, int verifyQueue, int failedLoginsMax, long failedLoginsWindowMs,
                       int retryAfterSeconds) {
        this(verifyThreads, verifyQueue, failedLoginsMax, failedLoginsWindowMs, retryAfterSeconds,
                DEFAULTS.verifiedCacheSize(), DEFAULTS.verifiedCacheMs());
    }
}
