package dev.kgate.http.auth;

import dev.kgate.http.util.Sha256;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configured users and their credentials. Checking a login costs the same whether the user exists or not, and
 * whichever user it is: the name is compared against every user's in constant time, an unknown user is checked
 * against a decoy credential of the dearest configured kind, and a cheaper credential is padded up to the dearest.
 */
public final class UserStore {

    /** A user, found by the digest of its name so that comparing names takes the same time whatever they are. */
    private record User(byte[] nameDigest, Credential credential) {
    }

    private final Map<String, Credential> byName;
    private final List<User> users = new ArrayList<>();
    private final Credential decoy;
    private final long dearestCost;

    public UserStore(Map<String, Credential> users) {
        this.byName = Map.copyOf(users);
        // A plain secret is the cheapest kind: what an empty store checks against.
        Credential dearest = Credential.parse("no user is configured");
        for (Map.Entry<String, Credential> user : byName.entrySet()) {
            this.users.add(new User(Sha256.of(user.getKey()), user.getValue()));
            if (user.getValue().cost() > dearest.cost()) {
                dearest = user.getValue();
            }
        }
        this.decoy = dearest.decoy();
        this.dearestCost = dearest.cost();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** For a token's subject, whose signature already vouches for it: no need to hide the answer's timing. */
    public boolean exists(String username) {
        return byName.containsKey(username);
    }

    /** Takes as long as the dearest configured credential (PBKDF2 can take a while): call it off the I/O threads. */
    public boolean verify(String username, String secret) {
        Credential credential = find(username);
        Credential checked = credential != null ? credential : decoy;
        boolean matches = checked.matches(secret);
        Credential.spend(dearestCost - checked.cost(), secret);
        return credential != null && matches;
    }

    /** Looks at every user, comparing digests in constant time, so the time taken says nothing about the name. */
    private Credential find(String username) {
        byte[] wanted = Sha256.of(username);
        Credential found = null;
        for (User user : users) {
            if (MessageDigest.isEqual(user.nameDigest(), wanted)) {
                found = user.credential();
            }
        }
        return found;
    }

}
