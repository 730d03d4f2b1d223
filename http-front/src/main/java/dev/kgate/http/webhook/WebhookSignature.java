package dev.kgate.http.webhook;

import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A station rule's signature requirement: an HMAC-SHA256 of the exact body bytes (and, in the timestamped style, of
 * its timestamp) under one of the rule's secrets, in a header, compared in constant time. Accepted payloads are
 * remembered for the replay window and an exact replay is refused (409). Refusals say what is wrong with the header,
 * never a secret nor the expected signature.
 */
public final class WebhookSignature {

    public static final long DEFAULT_TOLERANCE_SECONDS = 300;
    /** Far beyond a real header (a timestamp and eight signatures fit in 600 characters); longer is not parsed. */
    static final int MAX_HEADER_CHARS = 1024;
    /** Per rule and task: 100,000 webhooks per window, a few megabytes at most. */
    static final int MAX_REMEMBERED = 100_000;
    private static final String HMAC = "HmacSHA256";

    private final SignatureStyle style;
    private final List<byte[]> secrets;
    private final String header;
    private final long toleranceSeconds;
    private final boolean only;
    private final LongSupplier nowSeconds;
    private final SeenSignatures seen;

    private WebhookSignature(Builder builder) {
        this.style = builder.style;
        this.secrets = builder.secrets.stream().map(byte[]::clone).toList();
        this.header = builder.header == null ? style.defaultHeader() : builder.header;
        this.toleranceSeconds = builder.toleranceSeconds;
        this.only = builder.only;
        this.nowSeconds = builder.nowSeconds;
        // A timestamped signature stays valid until its timestamp plus the tolerance, which is at most twice the
        // tolerance after it was first accepted; GitHub's carries no time, so the window is the tolerance itself.
        long window = style == SignatureStyle.TIMESTAMPED ? 2 * toleranceSeconds : toleranceSeconds;
        this.seen = new SeenSignatures(window, builder.maxRemembered);
    }

    /** @param secrets the keys a signature may be made with (several while one is rotated); none may be empty */
    public static Builder builder(SignatureStyle style, List<byte[]> secrets) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(secret -> secret.length == 0)) {
            throw new IllegalArgumentException("a signature needs at least one secret, and no empty one");
        }
        return new Builder(style, secrets);
    }

    public SignatureStyle style() {
        return style;
    }

    public String header() {
        return header;
    }

    public long toleranceSeconds() {
        return toleranceSeconds;
    }

    /** Whether the signature alone lets a request without other credentials in (as a webhook principal). */
    public boolean only() {
        return only;
    }

    /**
     * Verifies the request's signature of {@code body} and remembers the payload; if the request is then answered
     * with an error (nothing written, or not known to be), the payload is forgotten so that its sender can retry it.
     *
     * @throws Refusal 401 for a missing, malformed, stale or wrong signature, 409 for a replay, 503 when too many
     *                 payloads are remembered
     */
    public void check(HttpServerExchange exchange, byte[] body) {
        HeaderValues values = exchange.getRequestHeaders().get(header);
        if (values == null || values.isEmpty()) {
            throw unauthorized("the request is not signed: this station needs a signature in " + header);
        }
        if (values.size() > 1) {
            throw unauthorized("more than one " + header + " header");
        }
        byte[] payload = accept(values.getFirst(), body);
        exchange.addExchangeCompleteListener((done, next) -> {
            if (done.getStatusCode() >= 400) {
                seen.forget(payload);
            }
            next.proceed();
        });
    }

    /** Verifies, then remembers. @return the payload's digest, under which it is remembered */
    byte[] accept(String headerValue, byte[] body) {
        byte[] payload = verify(headerValue, body);
        SeenSignatures.Outcome outcome = seen.remember(payload, nowSeconds.getAsLong());
        if (outcome == SeenSignatures.Outcome.REPLAY) {
            throw new Refusal(409, "This signed request was accepted before: a replay is not written again");
        }
        if (outcome == SeenSignatures.Outcome.FULL) {
            throw new Refusal(503, "The gateway remembers as many signed requests as it may: not written, retry"
                    + " later");
        }
        return payload;
    }

    /**
     * @return the payload's HMAC under the first secret: the same for every copy of one payload, whichever secret
     * signed it and whichever of its signatures a copy presents, so a replay cannot pass as new by dropping one
     * @throws Refusal 401
     */
    byte[] verify(String headerValue, byte[] body) {
        if (headerValue.length() > MAX_HEADER_CHARS) {
            throw unauthorized("the " + header + " header is longer than " + MAX_HEADER_CHARS + " characters");
        }
        SignatureStyle.Presented presented;
        try {
            presented = style.parse(headerValue);
        } catch (IllegalArgumentException e) {
            throw unauthorized(e.getMessage() + " (" + header + ")");
        }
        if (presented.timestamp() != null
                && Math.abs(nowSeconds.getAsLong() - Long.parseLong(presented.timestamp())) > toleranceSeconds) {
            throw unauthorized("the signature's timestamp is outside the tolerance window of " + toleranceSeconds
                    + " s around the gateway's clock");
        }
        byte[][] expected = new byte[secrets.size()][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = hmac(secrets.get(i), presented.timestamp(), body);
        }
        // Every pair is compared, in constant time, so the time taken says nothing about how near a guess came.
        boolean matched = false;
        for (byte[] signature : presented.signatures()) {
            for (byte[] candidate : expected) {
                matched |= MessageDigest.isEqual(candidate, signature);
            }
        }
        if (!matched) {
            throw unauthorized("the signature does not match the body (" + header + ")");
        }
        return expected[0];
    }

    int remembered() {
        return seen.size();
    }

    private static byte[] hmac(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            if (timestamp != null) {
                mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) '.');
            }
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available", e);
        }
    }

    private static Refusal unauthorized(String why) {
        return new Refusal(401, "Unauthorized: " + why);
    }

    /** The settings of one rule's signature; only the style and the secrets are required. */
    public static final class Builder {
        private final SignatureStyle style;
        private final List<byte[]> secrets;
        private String header;
        private long toleranceSeconds = DEFAULT_TOLERANCE_SECONDS;
        private boolean only;
        private LongSupplier nowSeconds = () -> System.currentTimeMillis() / 1000;
        private int maxRemembered = MAX_REMEMBERED;

        private Builder(SignatureStyle style, List<byte[]> secrets) {
            this.style = style;
            this.secrets = List.copyOf(secrets);
        }

        /** The header carrying the signature; the style's own when not set. */
        public Builder header(String header) {
            this.header = header;
            return this;
        }

        /** How far a timestamp may be from the gateway's clock, and how long accepted payloads are remembered. */
        public Builder toleranceSeconds(long toleranceSeconds) {
            if (toleranceSeconds < 1) {
                throw new IllegalArgumentException("the tolerance must be at least 1 s");
            }
            this.toleranceSeconds = toleranceSeconds;
            return this;
        }

        public Builder only(boolean only) {
            this.only = only;
            return this;
        }

        /** For tests: the clock, in Unix seconds. */
        public Builder clock(LongSupplier nowSeconds) {
            this.nowSeconds = nowSeconds;
            return this;
        }

        /** For tests: how many payloads may be remembered at once. */
        Builder maxRemembered(int maxRemembered) {
            this.maxRemembered = maxRemembered;
            return this;
        }

        public WebhookSignature build() {
            return new WebhookSignature(this);
        }
    }
}
