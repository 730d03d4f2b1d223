package dev.kgate.http.auth;

import java.util.Map;

/** The configured users and their credentials. */
public final class UserStore {

    /** Compared against when the user is unknown, so that an unknown name costs as much time as a wrong secret. */
    private static final Credential UNKNOWN_USER = Credential.parse(
            Credential.hash("unknown-user".toCharArray(), Credential.DEFAULT_ITERATIONS));

    private final Map<String, Credential> users;

    public UserStore(Map<String, Credential> users) {
        this.users = Map.copyOf(users);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    public boolean exists(String username) {
        return users.containsKey(username);
    }

    /** May take a while for a PBKDF2 credential: call it off the I/O threads. */
    public boolean verify(String username, String secret) {
        Credential credential = users.get(username);
        if (credential == null) {
            UNKNOWN_USER.matches(secret);
            return false;
        }
        return credential.matches(secret);
    }
}
