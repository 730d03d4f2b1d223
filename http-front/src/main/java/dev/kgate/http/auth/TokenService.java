package dev.kgate.http.auth;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the gateway's JWTs (HS256, signed with a secret every task and worker shares, so a token from
 * one task is good at all). Claims: subject, issued-at, expiry, issuer, token type and id; never a secret.
 */
public final class TokenService {

    public static final String TOKEN_TYPE_CLAIM = "token_type";
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final int CACHE_MAX_ENTRIES = 10_000;
    private static final int CLOCK_SKEW_SECONDS = 30;
    /** What the two-argument constructor allows: the longest refresh token the default configuration issues. */
    public static final Duration LONGEST_LIFETIME_DEFAULT = Duration.ofDays(7);

    private final HmacKey key;
    private final String issuer;
    private final long longestLifetimeSeconds;
    /** Checks only the signature, so that the claims are looked at only in a token this gateway signed. */
    private final JwtConsumer signature;
    /** Checks the claims of a token whose signature and dates are already known to be good. */
    private final JwtConsumer claims;
    /** Tokens already verified, so a busy client does not pay an HMAC and a JSON parse per request. */
    private final ConcurrentHashMap<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    /** What a verified token says. */
    public record VerifiedToken(String subject, TokenType type, long expiresAtMillis) {
    }

    public TokenService(byte[] secret, String issuer) {
        this(secret, issuer, LONGEST_LIFETIME_DEFAULT);
    }

    /**
     * @param longestLifetime the longest lifetime this gateway gives a token: one that claims to live longer was not
     *                        issued under this configuration and is refused
     */
    public TokenService(byte[] secret, String issuer, Duration longestLifetime) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new HmacKey(secret);
        this.issuer = issuer;
        this.longestLifetimeSeconds = longestLifetime.toSeconds();
        this.signature = new JwtConsumerBuilder()
                .setVerificationKey(key)
                // Only HS256: "none" and every other algorithm are refused before the signature is looked at.
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256)
                .setSkipAllValidators()
                .build();
        this.claims = new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(issuer)
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
    }

    public String issue(String subject, TokenType type, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + ttl.toMillis()));
        claims.setGeneratedJwtId();
        claims.setClaim(TOKEN_TYPE_CLAIM, type.claim());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    public VerifiedToken verify(String token, TokenType expected) throws InvalidTokenException {
        VerifiedToken known = verified.get(token);
        if (known == null) {
            known = verifySignatureAndClaims(token);
            if (verified.size() >= CACHE_MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(token, known);
        }
        if (known.expiresAtMillis() <= System.currentTimeMillis()) {
            verified.remove(token);
            throw new InvalidTokenException("the token has expired");
        }
        if (known.type() != expected) {
            throw new InvalidTokenException("a " + known.type().claim() + " token is not a " + expected.claim()
                    + " token");
        }
        return known;
    }

    private VerifiedToken verifySignatureAndClaims(String token) throws InvalidTokenException {
        try {
            JwtContext context = signature.process(token);
            JwtClaims jwt = context.getJwtClaims();
            long expiresAt = checkDates(jwt);
            claims.processContext(context);
            String type = jwt.getStringClaimValue(TOKEN_TYPE_CLAIM);
            TokenType tokenType = TokenType.ACCESS.claim().equals(type) ? TokenType.ACCESS
                    : TokenType.REFRESH.claim().equals(type) ? TokenType.REFRESH : null;
            if (tokenType == null) {
                throw new InvalidTokenException("the token has no valid token type");
            }
            // Expiry is checked on every use, with no skew, against the cached value.
            return new VerifiedToken(jwt.getSubject(), tokenType, TimeUnit.SECONDS.toMillis(expiresAt));
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.hasExpired() ? "the token has expired"
                    : "the token is malformed, wrongly signed or not issued by this gateway");
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token's claims are malformed");
        } catch (RuntimeException e) {
            // The library reads untrusted bytes: whatever else it throws on them is a bad token, never a 500.
            throw new InvalidTokenException("the token could not be read");
        }
    }

    /**
     * The dates of a correctly signed token, before the library does arithmetic on them: whole seconds, issued no
     * later than now and expiring no later than this gateway's longest lifetime from now. (The library silently
     * truncates fractions and numbers beyond a long, and overflows converting huge ones to milliseconds.)
     *
     * @return the expiry, in seconds
     */
    private long checkDates(JwtClaims jwt) throws InvalidTokenException {
        long now = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
        wholeSeconds(jwt, "iat", 0, now + CLOCK_SKEW_SECONDS);
        long expiresAt = wholeSeconds(jwt, "exp", 0, now + longestLifetimeSeconds + CLOCK_SKEW_SECONDS);
        if (jwt.hasClaim("nbf")) {
            wholeSeconds(jwt, "nbf", 0, expiresAt);
        }
        return expiresAt;
    }

    private static long wholeSeconds(JwtClaims jwt, String claim, long min, long max) throws InvalidTokenException {
        Object value = jwt.getClaimValue(claim);
        if (!(value instanceof Long seconds) || seconds < min || seconds > max) {
            throw new InvalidTokenException("the token's " + claim + " claim is missing or out of range");
        }
        return seconds;
    }
}
