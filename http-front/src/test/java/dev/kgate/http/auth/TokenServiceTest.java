package dev.kgate.http.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {

    private static final byte[] SECRET = "unit-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
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

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenService(new byte[31], "kgate"));
    }
}
