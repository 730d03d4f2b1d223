package dev.kgate.http.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsPolicyTest {

    private static CorsPolicy allowing(String... origins) {
        return CorsPolicy.builder().allowedOrigins(List.of(origins)).build();
    }

    private static String origin(CorsPolicy policy, String... originLines) {
        return policy.allowOrigin(List.of(originLines));
    }

    private static Refusal refused(Runnable decision) {
        Refusal refusal = assertThrows(Refusal.class, decision::run);
        assertEquals(403, refusal.status());
        return refusal;
    }

    private static String configError(CorsPolicy.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void onlyTheConfiguredOriginsAreAllowedAndTheAnswerIsTheConfiguredOne() {
        CorsPolicy policy = allowing("https://app.example.com", "http://localhost:3000", "https://[::1]:8443");
        assertEquals("https://app.example.com", origin(policy, "https://app.example.com"));
        assertEquals("http://localhost:3000", origin(policy, "http://localhost:3000"));
        assertEquals("https://[::1]:8443", origin(policy, "https://[::1]:8443"));
        for (String other : List.of("https://evil.example.com", "http://app.example.com", "https://app.example.com:444",
                "https://app.example.com.evil.example", "https://sub.app.example.com", "http://localhost:3001",
                "https://app.example.com/", "", " https://app.example.com", "null")) {
            refused(() -> origin(policy, other));
        }
    }

    @Test
    void schemeAndHostCompareWithoutCaseAndDefaultPortsAreDropped() {
        CorsPolicy policy = allowing("HTTPS://App.Example.COM:443", "Http://Intra.example:80",
                "https://x.example:8443");
        assertEquals("https://app.example.com", origin(policy, "https://app.example.com"));
        assertEquals("https://app.example.com", origin(policy, "https://APP.example.com"));
        assertEquals("http://intra.example", origin(policy, "http://intra.example"));
        assertEquals("https://x.example:8443", origin(policy, "HTTPS://X.EXAMPLE:8443"));
    }

    @Test
    void noOriginsConfiguredAllowsNone() {
        refused(() -> origin(CorsPolicy.NO_ORIGINS, "https://app.example.com"));
        refused(() -> origin(CorsPolicy.NO_ORIGINS, "null"));
    }

    @Test
    void theNullOriginOfSandboxedPagesIsNeverConfigurable() {
        assertTrue(configError(CorsPolicy.builder().allowedOrigins(List.of("null"))).contains("sandboxed"));
        refused(() -> origin(allowing("https://app.example.com"), "null"));
    }

    @Test
    void twoOriginLinesAreRefusedEvenWhenEachIsAllowed() {
        CorsPolicy policy = allowing("https://a.example", "https://b.example");
        refused(() -> origin(policy, "https://a.example", "https://b.example"));
        refused(() -> origin(policy, "https://a.example, https://b.example"));
        refused(() -> policy.allowOrigin(List.of()));
    }

    @Test
    void theWildcardAnswersStarNeverTheRequestsBytes() {
        CorsPolicy any = allowing("*");
        assertEquals("*", origin(any, "https://whatever.example"));
        assertEquals("*", origin(any, "null"));
        assertEquals("*", origin(any, "https://x.example\r\nSet-Cookie: a=b"));
        assertFalse(any.allowCredentials());
    }

    @Test
    void theWildcardWithCredentialsOrBesideOtherOriginsIsAConfigError() {
        assertTrue(configError(CorsPolicy.builder().allowedOrigins(List.of("*")).allowCredentials(true))
                .contains("credentials"));
        assertTrue(configError(CorsPolicy.builder().allowedOrigins(List.of("*", "https://a.example")))
                .contains("'*' alone"));
        CorsPolicy credentials = CorsPolicy.builder().allowedOrigins(List.of("https://a.example"))
                .allowCredentials(true).build();
        assertTrue(credentials.allowCredentials());
    }

    @Test
    void configuredOriginsMustBeSchemeHostAndPortOnly() {
        for (String bad : List.of("app.example.com", "https://app.example.com/", "https://app.example.com/path",
                "https://*.example.com", "https://user@app.example.com", "https://app.example.com:0",
                "https://app.example.com:70000", "https://app.example.com?x", "https://bücher.example", "https://",
                "https://app.example.com\r\nX: y", "https://app .example.com", "")) {
            configError(CorsPolicy.builder().allowedOrigins(List.of(bad)));
        }
        assertEquals("https://xn--bcher-kva.example",
                origin(allowing("https://xn--bcher-kva.example"), "https://xn--bcher-kva.example"));
        assertEquals("chrome-extension://abcdef",
                origin(allowing("chrome-extension://abcdef"), "chrome-extension://abcdef"));
    }

    @Test
    void aPreflightMayAskForTheAllowedMethodsOnly() {
        CorsPolicy policy = allowing("https://a.example");
        policy.checkPreflight(List.of("POST"), List.of());
        policy.checkPreflight(List.of("GET"), List.of());
        assertTrue(refused(() -> policy.checkPreflight(List.of("PUT"), List.of())).getMessage().contains("'PUT'"));
        refused(() -> policy.checkPreflight(List.of("post"), List.of()));
        refused(() -> policy.checkPreflight(List.of(), List.of()));
        refused(() -> policy.checkPreflight(List.of("POST", "POST"), List.of()));
        CorsPolicy custom = CorsPolicy.builder().allowedOrigins(List.of("https://a.example"))
                .allowedMethods(List.of(" post", "delete ")).build();
        custom.checkPreflight(List.of("DELETE"), List.of());
        refused(() -> custom.checkPreflight(List.of("GET"), List.of()));
        assertEquals("POST, DELETE", custom.allowMethods());
    }

    @Test
    void requestHeadersCompareWithoutCaseWhateverTheSpacing() {
        CorsPolicy policy = allowing("https://a.example");
        policy.checkPreflight(List.of("POST"), List.of("authorization,content-type"));
        policy.checkPreflight(List.of("POST"), List.of(" Authorization ,\tCONTENT-TYPE , ", "content-encoding"));
        policy.checkPreflight(List.of("POST"), List.of(",,,"));
        policy.checkPreflight(List.of("POST"), List.of(""));
        Refusal refusal = refused(() -> policy.checkPreflight(List.of("POST"), List.of("authorization, x-secret")));
        assertTrue(refusal.getMessage().contains("'x-secret'"), refusal.getMessage());
        refused(() -> policy.checkPreflight(List.of("POST"), List.of("authorization", "cookie")));
        assertEquals("Authorization, Content-Type, Content-Encoding", policy.allowHeaders());
    }

    @Test
    void headersTheGatewayReadsFromClientsAreAllowedBesideTheConfiguredOnes() {
        CorsPolicy policy = CorsPolicy.builder().allowedOrigins(List.of("https://a.example"))
                .allowedHeaders(List.of("Authorization", "content-type"))
                .alsoAllowedHeaders(List.of("X-Request-Id", "AUTHORIZATION", "X-Key", "not a header", "*")).build();
        policy.checkPreflight(List.of("POST"), List.of("authorization, content-type, x-request-id, x-key"));
        assertEquals("Authorization, content-type, X-Request-Id, X-Key", policy.allowHeaders());
        refused(() -> policy.checkPreflight(List.of("POST"), List.of("content-encoding")));
    }

    @Test
    void methodAndHeaderListsMustBeNamesWithoutWildcards() {
        assertTrue(configError(CorsPolicy.builder().allowedHeaders(List.of("*"))).contains("name each"));
        assertTrue(configError(CorsPolicy.builder().allowedMethods(List.of("*"))).contains("name each"));
        assertTrue(configError(CorsPolicy.builder().exposedHeaders(List.of("Retry After"))).contains("'Retry After'"));
        configError(CorsPolicy.builder().allowedHeaders(List.of("X-A\r\nSet-Cookie: a=b")));
        configError(CorsPolicy.builder().allowedHeaders(List.of("")));
        configError(CorsPolicy.builder().allowedMethods(List.of("GE\nT")));
        configError(CorsPolicy.builder().maxAgeSeconds(-1));
    }

    @Test
    void theAnswersComeFromTheConfigurationAlone() {
        CorsPolicy policy = CorsPolicy.builder().allowedOrigins(List.of("https://a.example"))
                .exposedHeaders(List.of()).maxAgeSeconds(0).build();
        assertNull(policy.exposeHeaders());
        assertEquals("0", policy.maxAge());
        assertEquals("Retry-After, WWW-Authenticate", allowing("https://a.example").exposeHeaders());
        assertEquals("600", allowing("https://a.example").maxAge());
    }

    @Test
    void hostileValuesAreRefusedQuicklyAndQuotedShort() {
        CorsPolicy policy = allowing("https://a.example");
        String huge = "https://a.example" + "a".repeat(1 << 20);
        long start = System.nanoTime();
        refused(() -> origin(policy, huge));
        String longName = "x".repeat(1 << 20);
        Refusal refusal = refused(() -> policy.checkPreflight(List.of("POST"), List.of(longName)));
        assertTrue(refusal.getMessage().length() < 200, "the refusal quotes at most a short prefix");
        refused(() -> policy.checkPreflight(List.of(longName), List.of()));
        Collection<String> many = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            line.append("authorization, ");
        }
        many.add(line.toString());
        many.add("content-type");
        policy.checkPreflight(List.of("POST"), many);
        many.add("x-" + "y".repeat(100));
        refused(() -> policy.checkPreflight(List.of("POST"), many));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "linear in the input");
    }
}
