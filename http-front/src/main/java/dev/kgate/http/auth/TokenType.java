package dev.kgate.http.auth;

/** An access token opens the produce routes; a refresh token only buys a new pair. Neither passes for the other. */
public enum TokenType {
    ACCESS("access"),
    REFRESH("refresh");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
