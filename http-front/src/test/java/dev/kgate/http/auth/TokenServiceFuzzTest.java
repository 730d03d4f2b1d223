package dev.kgate.http.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens are untrusted text: verifying any string gives a verified token or an
 * {@link InvalidTokenException} (a 401), never an exception (a 500). Tokens signed with the gateway's own secret
 * carry fuzzed headers and claims, so the checks past the signature are fuzzed too.
 */
class TokenServiceFuzzTest {

    private static final byte[] SECRET = "fuzz-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final TokenService TOKENS = new TokenService(SECRET, "kgate");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** Any header value after "Bearer ": Undertow hands header values over as ISO-8859-1 text. */
    @FuzzTest
    void anyString(byte[] input) {
        String token = new String(input, StandardCharsets.ISO_8859_1);
        try {
            TOKENS.verify(token, TokenType.ACCESS);
        } catch (InvalidTokenException e) {
            assertNotNull(e.getMessage());
            return;
        }
        throw new AssertionError("a token the gateway never signed was accepted: " + token);
    }

    /** A JOSE header line and a claims set (or only claims, under the usual header), signed with the secret. */
    @FuzzTest
    void signedClaims(byte[] input) throws GeneralSecurityException {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String header = newline < 0 ? "{\"alg\":\"HS256\",\"typ\":\"JWT\"}" : text.substring(0, newline);
        String claims = newline < 0 ? text : text.substring(newline + 1);
        String token = signed(header, claims);
        TokenService.VerifiedToken verified;
        try {
            verified = TOKENS.verify(token, TokenType.ACCESS);
        } catch (InvalidTokenException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(verified.subject());
        assertEquals(TokenType.ACCESS, verified.type());
        assertTrue(verified.expiresAtMillis() > System.currentTimeMillis(), "an expired token was accepted");
        assertTrue(claims.contains("\"kgate\""), "a token of another issuer was accepted: " + claims);
    }

    /** An HS256 JWS in compact form, however odd its header and claims. */
    static String signed(String header, String claims) throws GeneralSecurityException {
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return signingInput + "." + BASE64URL.encodeToString(
                mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
