package dev.kgate.http.webhook;

import dev.kgate.http.pipeline.Refusal;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both signature styles on their own: right, wrong, missing parts, malformed and hostile headers, wrong and rotated
 * secrets, timestamps out of the window, replays; and that every comparison is a constant-time one.
 */
class WebhookSignatureTest {

    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String OLD_SECRET = "the-previous-secret-being-rotated";
    private static final byte[] BODY = "{\"action\":\"opened\",\"number\":7}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_750_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);

    private WebhookSignature github(String... secrets) {
        return WebhookSignature.builder(SignatureStyle.GITHUB, bytes(secrets)).clock(clock::get).build();
    }

    private WebhookSignature timestamped(String... secrets) {
        return WebhookSignature.builder(SignatureStyle.TIMESTAMPED, bytes(secrets)).clock(clock::get).build();
    }

    private static List<byte[]> bytes(String... secrets) {
        return Stream.of(secrets).map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static String hmacHex(String secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String githubHeader(String secret, byte[] body) {
        return "sha256=" + hmacHex(secret, body);
    }

    static String timestampedHeader(String secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + hmacHex(secret, signedPayload(t, body));
    }

    private static byte[] signedPayload(long t, byte[] body) {
        byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(body, 0, payload, prefix.length, body.length);
        return payload;
    }

    private static void refused(int status, String expectedWords, Runnable check) {
        Refusal refusal = assertThrows(Refusal.class, check::run);
        assertEquals(status, refusal.status(), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(expectedWords), refusal.getMessage());
    }

    @Test
    void githubsOwnExampleVerifies() {
        // The test values of GitHub's "Validating webhook deliveries".
        WebhookSignature signature = WebhookSignature.builder(SignatureStyle.GITHUB,
                bytes("It's a Secret to Everybody")).build();
        signature.verify("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "Hello, World!".getBytes(StandardCharsets.UTF_8));
        assertEquals("X-Hub-Signature-256", signature.header());
    }

    @Test
    void githubRightSignatureIsAcceptedOnceThenAReplay() {
        WebhookSignature signature = github(SECRET);
        signature.accept(githubHeader(SECRET, BODY), BODY);
        refused(409, "replay", () -> signature.accept(githubHeader(SECRET, BODY), BODY));
        // The same signature in upper case is the same bytes: still a replay.
        refused(409, "replay", () -> signature.accept(githubHeader(SECRET, BODY).toUpperCase(Locale.ROOT), BODY));
        // Another body is another payload.
        byte[] other = "{\"action\":\"closed\"}".getBytes(StandardCharsets.UTF_8);
        signature.accept(githubHeader(SECRET, other), other);
    }

    @Test
    void githubReplayIsAcceptedAgainOnlyOnceTheWindowHasPassed() {
        WebhookSignature signature = github(SECRET);
        signature.accept(githubHeader(SECRET, BODY), BODY);
        clock.addAndGet(WebhookSignature.DEFAULT_TOLERANCE_SECONDS);
        refused(409, "replay", () -> signature.accept(githubHeader(SECRET, BODY), BODY));
        clock.addAndGet(1);
        signature.accept(githubHeader(SECRET, BODY), BODY);
    }

    @Test
    void githubWrongSignatureAndWrongSecretAreRefused() {
        WebhookSignature signature = github(SECRET);
        refused(401, "does not match", () -> signature.verify("sha256=" + "0".repeat(64), BODY));
        refused(401, "does not match", () -> signature.verify(githubHeader("not-the-configured-secret", BODY), BODY));
        // A signature of another body, or of the body with one byte more.
        refused(401, "does not match", () -> signature.verify(githubHeader(SECRET, "{}".getBytes()), BODY));
        byte[] longer = (new String(BODY, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        refused(401, "does not match", () -> signature.verify(githubHeader(SECRET, BODY), longer));
        assertEquals(0, signature.remembered());
    }

    @Test
    void githubMalformedHeadersAreRefusedBeforeAnyHmac() {
        WebhookSignature signature = github(SECRET);
        String hex = hmacHex(SECRET, BODY);
        for (String malformed : List.of("", " ", hex, "sha1=" + hex, "sha256=", "sha256=" + hex.substring(2),
                "sha256=" + hex + "00", "sha256=" + hex.substring(1) + "g", "sha256=" + hex.substring(1) + "\u0660",
                "sha256=" + hex.substring(2) + "\uff21\uff21", "sha256=" + hex + ",sha256=" + hex,
                "sha256= " + hex.substring(1), "t=" + NOW + ",v1=" + hex)) {
            refused(401, "Unauthorized", () -> signature.verify(malformed, BODY));
        }
    }

    @Test
    void githubUppercaseHexAndSurroundingSpacesVerify() {
        WebhookSignature signature = github(SECRET);
        signature.verify("sha256=" + hmacHex(SECRET, BODY).toUpperCase(Locale.ROOT), BODY);
        signature.verify("  SHA256=" + hmacHex(SECRET, BODY) + " ", BODY);
    }

    @Test
    void aRotatedSecretVerifiesAndIsTheSamePayloadForReplays() {
        WebhookSignature signature = github(SECRET, OLD_SECRET);
        signature.accept(githubHeader(OLD_SECRET, BODY), BODY);
        // Signed with the new secret, it is still the same delivery.
        refused(409, "replay", () -> signature.accept(githubHeader(SECRET, BODY), BODY));
        refused(401, "does not match", () -> signature.verify(githubHeader("a-third-secret-nobody-knows", BODY), BODY));
    }

    @Test
    void timestampedRightSignatureIsAcceptedOnceThenAReplay() {
        WebhookSignature signature = timestamped(SECRET);
        assertEquals("Stripe-Signature", signature.header());
        signature.accept(timestampedHeader(SECRET, NOW, BODY), BODY);
        refused(409, "replay", () -> signature.accept(timestampedHeader(SECRET, NOW, BODY), BODY));
        // The same body signed at another time is another payload: a new delivery.
        signature.accept(timestampedHeader(SECRET, NOW - 1, BODY), BODY);
    }

    @Test
    void timestampedSignsTheTimestampWithTheBody() {
        WebhookSignature signature = timestamped(SECRET);
        String sig = hmacHex(SECRET, signedPayload(NOW, BODY));
        // The signature of one time, presented with another: the timestamp cannot be moved into the window.
        refused(401, "does not match", () -> signature.verify("t=" + (NOW - 1) + ",v1=" + sig, BODY));
        // The body alone signed (GitHub's way) is not this style's signature.
        refused(401, "does not match", () -> signature.verify("t=" + NOW + ",v1=" + hmacHex(SECRET, BODY), BODY));
        signature.verify("t=" + NOW + ",v1=" + sig, BODY);
        signature.verify(" v1=" + sig + " , t=" + NOW + ",v0=" + "ab".repeat(32), BODY);
    }

    @Test
    void timestampedOutsideTheToleranceIsRefused() {
        WebhookSignature signature = timestamped(SECRET);
        long tolerance = WebhookSignature.DEFAULT_TOLERANCE_SECONDS;
        signature.verify(timestampedHeader(SECRET, NOW - tolerance, BODY), BODY);
        signature.verify(timestampedHeader(SECRET, NOW + tolerance, BODY), BODY);
        refused(401, "tolerance", () -> signature.verify(timestampedHeader(SECRET, NOW - tolerance - 1, BODY), BODY));
        refused(401, "tolerance", () -> signature.verify(timestampedHeader(SECRET, NOW + tolerance + 1, BODY), BODY));
        refused(401, "tolerance", () -> signature.verify(timestampedHeader(SECRET, 0, BODY), BODY));
        refused(401, "tolerance", () -> signature.verify(timestampedHeader(SECRET, 999_999_999_999L, BODY), BODY));
    }

    @Test
    void timestampedReplayIsRememberedForAsLongAsItsTimestampIsValid() {
        WebhookSignature signature = WebhookSignature.builder(SignatureStyle.TIMESTAMPED, bytes(SECRET))
                .toleranceSeconds(60).clock(clock::get).build();
        // Signed 60 s ahead of our clock: valid until NOW + 120, so it must be remembered that long.
        String ahead = timestampedHeader(SECRET, NOW + 60, BODY);
        signature.accept(ahead, BODY);
        clock.set(NOW + 120);
        refused(409, "replay", () -> signature.accept(ahead, BODY));
        clock.set(NOW + 121);
        refused(401, "tolerance", () -> signature.accept(ahead, BODY));
    }

    @Test
    void timestampedRotationAcceptsAnyMatchingV1AndADroppedOneIsStillAReplay() {
        WebhookSignature signature = timestamped(SECRET, OLD_SECRET);
        String newSig = hmacHex(SECRET, signedPayload(NOW, BODY));
        String oldSig = hmacHex(OLD_SECRET, signedPayload(NOW, BODY));
        String wrong = "0".repeat(64);
        signature.accept("t=" + NOW + ",v1=" + wrong + ",v1=" + oldSig + ",v1=" + newSig, BODY);
        refused(409, "replay", () -> signature.accept("t=" + NOW + ",v1=" + newSig, BODY));
        refused(409, "replay", () -> signature.accept("t=" + NOW + ",v1=" + oldSig, BODY));
        refused(401, "does not match", () -> signature.verify("t=" + NOW + ",v1=" + wrong + ",v1=" + wrong, BODY));
    }

    @Test
    void timestampedMalformedHeadersAreRefused() {
        WebhookSignature signature = timestamped(SECRET);
        String sig = hmacHex(SECRET, signedPayload(NOW, BODY));
        for (String malformed : List.of("", ",", "t=" + NOW, "v1=" + sig, "t=,v1=" + sig, "t=abc,v1=" + sig,
                "t=-5,v1=" + sig, "t=+" + NOW + ",v1=" + sig, "t=" + NOW + ".5,v1=" + sig,
                "t=" + NOW + ",t=" + NOW + ",v1=" + sig, "t=1" + "0".repeat(20) + ",v1=" + sig,
                "t=\u0661\u0662,v1=" + sig, "t=" + NOW + ",v1=", "t=" + NOW + ",v1=" + sig + "ff",
                "t=" + NOW + ",v1=" + sig.substring(1) + "z", "t=" + NOW + ",,v1=" + sig,
                "t=" + NOW + ",v1" + sig, "t=" + NOW + ",=x,v1=" + sig, "sha256=" + sig)) {
            refused(401, "Unauthorized", () -> signature.verify(malformed, BODY));
        }
    }

    @Test
    void hostileHeadersAreRefusedCheaply() {
        WebhookSignature signature = timestamped(SECRET);
        String sig = hmacHex(SECRET, signedPayload(NOW, BODY));
        // Huge: refused by its length, whatever it holds.
        refused(401, "longer than", () -> signature.verify("t=" + NOW + ",v1=" + sig + ",x=" + "a".repeat(1_000_000),
                BODY));
        refused(401, "longer than", () -> github(SECRET).verify("sha256=" + "a".repeat(100_000), BODY));
        // Many v1 entries, the right one last: more than a rotation needs is refused, not compared one by one.
        StringBuilder many = new StringBuilder("t=" + NOW);
        for (int i = 0; i < SignatureStyle.MAX_SIGNATURES; i++) {
            many.append(",v1=").append("0".repeat(64));
        }
        String tooMany = many + ",v1=" + sig;
        refused(401, "more than", () -> signature.verify(tooMany, BODY));
        // A few, the right one among them, is fine.
        String enough = "t=" + NOW + ",v1=" + "0".repeat(64) + ",v1=" + "1".repeat(64) + ",v1=" + sig;
        signature.verify(enough, BODY);
        // Control characters and non-ASCII never parse.
        refused(401, "Unauthorized", () -> signature.verify("t=" + NOW + ",v1=" + sig + "\u0000", BODY));
        refused(401, "Unauthorized", () -> signature.verify("t=" + NOW + "\n,v1=" + sig.replace('a', '\u00e4'),
                BODY));
    }

    @Test
    void refusalsNeverShowTheSecretNorTheExpectedSignature() {
        WebhookSignature signature = github(SECRET);
        String expected = hmacHex(SECRET, BODY);
        for (String header : List.of("sha256=" + "0".repeat(64), "sha256=zz", "", githubHeader(SECRET, "x".getBytes()))) {
            Refusal refusal = assertThrows(Refusal.class, () -> signature.verify(header, BODY));
            assertFalse(refusal.getMessage().contains(SECRET), refusal.getMessage());
            assertFalse(refusal.getMessage().toLowerCase(Locale.ROOT).contains(expected.substring(0, 16)),
                    refusal.getMessage());
        }
    }

    @Test
    void theReplayKeyIsThePayloadNotThePresentedSignature() {
        WebhookSignature signature = github(SECRET, OLD_SECRET);
        byte[] viaNew = signature.verify(githubHeader(SECRET, BODY), BODY);
        byte[] viaOld = signature.verify(githubHeader(OLD_SECRET, BODY), BODY);
        assertArrayEquals(viaNew, viaOld);
    }

    @Test
    void aFullMemoryRefusesNewPayloadsUntilOldOnesExpire() {
        WebhookSignature signature = WebhookSignature.builder(SignatureStyle.GITHUB, bytes(SECRET))
                .toleranceSeconds(10).clock(clock::get).maxRemembered(2).build();
        byte[] first = "1".getBytes();
        byte[] second = "2".getBytes();
        byte[] third = "3".getBytes();
        signature.accept(githubHeader(SECRET, first), first);
        clock.addAndGet(5);
        signature.accept(githubHeader(SECRET, second), second);
        refused(503, "retry later", () -> signature.accept(githubHeader(SECRET, third), third));
        // The first one's window is over: it makes room, and is no longer a replay either.
        clock.addAndGet(6);
        signature.accept(githubHeader(SECRET, third), third);
        assertEquals(2, signature.remembered());
    }

    @Test
    void noSecretMeansNoSignature() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.builder(SignatureStyle.GITHUB, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> WebhookSignature.builder(SignatureStyle.GITHUB, List.of(new byte[0])));
    }

    /**
     * Signature bytes are compared with MessageDigest.isEqual only (constant time since Java 6u17): no early-exit
     * comparison of arrays or hex strings anywhere in the package.
     */
    @Test
    void comparisonsAreConstantTime() throws IOException {
        Path sources = Path.of("src/main/java/dev/kgate/http/webhook");
        String verifier = Files.readString(sources.resolve("WebhookSignature.java"));
        assertTrue(verifier.contains("MessageDigest.isEqual(candidate, signature)"));
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                for (String early : List.of("Arrays.equals", "Arrays.mismatch", "Arrays.compare", "contentEquals")) {
                    assertFalse(source.contains(early), file + " compares with " + early);
                }
            }
        }
    }
}
