package dev.kgate.http.auth;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {

    static final byte[] SECRET = "unit-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final TokenService tokens = new TokenService(SECRET, "kgate");

    @Test
    void anIssuedTokenVerifiesAsItsOwnTypeOnly() throws Exception {
        String access = tokens.issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        TokenService.VerifiedToken verified = tokens.verify(access, TokenType.ACCESS);
        assertEquals("root", verified.subject());
        assertTrue(verified.expiresAtMillis() > System.currentTimeMillis());
        assertThrows(InvalidTokenException.class, () -> tokens.verify(access, TokenType.REFRESH));
        String refresh = tokens.issue("root", TokenType.REFRESH, Duration.ofMinutes(5));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(refresh, TokenType.ACCESS));
    }

    @Test
    void expiredTokensAreRefusedEvenWhenCached() throws Exception {
        String shortLived = tokens.issue("root", TokenType.ACCESS, Duration.ofMillis(1_200));
        tokens.verify(shortLived, TokenType.ACCESS);
        Thread.sleep(1_300);
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> tokens.verify(shortLived, TokenType.ACCESS));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        String expired = tokens.issue("root", TokenType.ACCESS, Duration.ofMinutes(-5));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(expired, TokenType.ACCESS));
    }

    @Test
    void foreignOrTamperedOrUnsignedTokensAreRefused() {
        String foreign = new TokenService("another-secret-0123456789abcdefgh".getBytes(StandardCharsets.UTF_8),
                "kgate").issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(foreign, TokenType.ACCESS));

        String good = tokens.issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        String[] parts = good.split("\\.");
        String admin = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"root\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(parts[0] + "." + admin + "." + parts[2],
                TokenType.ACCESS));

        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        assertThrows(InvalidTokenException.class, () -> tokens.verify(none, TokenType.ACCESS));
        assertThrows(InvalidTokenException.class, () -> tokens.verify("garbage", TokenType.ACCESS));
    }

    @Test
    void claimsCarryWhoWhenAndWhatButNoSecret() {
        String token = tokens.issue("root", TokenType.ACCESS, Duration.ofMinutes(5));
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        for (String claim : new String[]{"\"sub\":\"root\"", "\"iss\":\"kgate\"", "\"iat\"", "\"exp\"", "\"jti\"",
                "\"token_type\":\"access\""}) {
            assertTrue(claims.contains(claim), claims);
        }
        assertFalse(claims.contains(new String(SECRET, StandardCharsets.UTF_8)));
    }

    /** A token signed with the gateway's own key, carrying exactly these claims. */
    static String signedWithTheRightKey(String claimsJson) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claimsJson);
        jws.setKey(new HmacKey(SECRET));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        return jws.getCompactSerialization();
    }

    /** Claims that are right in every way but {@code field}, which is {@code value} (a JSON literal). */
    static String claimsWith(String field, String value) {
        long now = System.currentTimeMillis() / 1000;
        java.util.Map<String, String> claims = new java.util.LinkedHashMap<>();
        claims.put("iss", "\"kgate\"");
        claims.put("sub", "\"root\"");
        claims.put("iat", String.valueOf(now));
        claims.put("exp", String.valueOf(now + 300));
        claims.put("jti", "\"x\"");
        claims.put("token_type", "\"access\"");
        claims.put(field, value);
        StringBuilder json = new StringBuilder("{");
        claims.forEach((name, literal) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(literal));
        return json.append('}').toString();
    }

    /** Numeric dates no clock can hold, or of the wrong type: each a correctly signed token, each refused. */
    static final String[][] HOSTILE_DATES = {
            {"exp", "1e19"}, {"exp", "10000000000000000000"}, {"exp", "9223372036854775807"},
            {"exp", "-9223372036854775808"}, {"exp", "-1"}, {"exp", "1.7976931348623157E308"},
            {"exp", "4102444800.5"}, {"exp", "\"4102444800\""}, {"exp", "true"}, {"exp", "null"}, {"exp", "[1]"},
            {"exp", "{}"}, {"exp", "18446744073709551916"}, {"exp", "9223372036854775"},
            {"iat", "1e19"}, {"iat", "-9223372036854775808"}, {"iat", "9223372036854775807"}, {"iat", "-1"},
            {"iat", "1.5"}, {"iat", "\"now\""}, {"iat", "99999999999"},
            {"nbf", "1e19"}, {"nbf", "-9223372036854775808"}, {"nbf", "9223372036854775807"}, {"nbf", "-1"},
            {"nbf", "0.5"}, {"nbf", "\"0\""},
            {"sub", "12"}, {"sub", "{\"a\":1}"}, {"token_type", "1"}, {"jti", "[]"}, {"iss", "1"},
    };

    @Test
    void correctlySignedTokensWithHostileClaimsAreRefusedNotThrown() throws Exception {
        for (String[] hostile : HOSTILE_DATES) {
            String token = signedWithTheRightKey(claimsWith(hostile[0], hostile[1]));
            try {
                tokens.verify(token, TokenType.ACCESS);
                throw new AssertionError(hostile[0] + "=" + hostile[1] + " was accepted");
            } catch (InvalidTokenException expected) {
                assertFalse(expected.getMessage().contains("Exception"), expected.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError(hostile[0] + "=" + hostile[1] + " threw " + e, e);
            }
        }
        // The same claims with sane values pass, so each refusal above is the hostile value's doing.
        assertEquals("root", tokens.verify(signedWithTheRightKey(claimsWith("jti", "\"y\"")), TokenType.ACCESS)
                .subject());
    }

    @Test
    void aTokenLivingLongerThanThisGatewayIssuesIsRefused() throws Exception {
        TokenService hourAtMost = new TokenService(SECRET, "kgate", Duration.ofHours(1));
        assertEquals("root", hourAtMost.verify(hourAtMost.issue("root", TokenType.ACCESS, Duration.ofMinutes(59)),
                TokenType.ACCESS).subject());
        String twoHours = hourAtMost.issue("root", TokenType.ACCESS, Duration.ofHours(2));
        assertThrows(InvalidTokenException.class, () -> hourAtMost.verify(twoHours, TokenType.ACCESS));
    }

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenService(new byte[31], "kgate"));
    }
}
