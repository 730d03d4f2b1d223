package dev.kgate.http.auth;

import dev.kgate.http.pipeline.Refusal;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * Checks users' secrets (the login route, Basic credentials) on a few threads of the gateway's own with a bounded
 * queue: hashing never runs on an I/O thread nor on XNIO's small worker pool, and a flood of logins is refused
 * (503) past the queue instead of making every login wait behind it. One address may not have more checks in flight
 * than it has failed logins left (503), so a few addresses cannot fill the queue; one that has failed too often is
 * refused (429) without hashing anything until its window has passed.
 */
public final class CredentialChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CredentialChecks.class);
    private static final long IDLE_THREAD_MS = 60_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Whether a user's secret is right: {@link UserStore#verify}. */
    private final BiPredicate<String, String> verifier;
    private final LoginLimits limits;
    private final FailedLogins failures;
    private final VerifiedSecrets verified;
    private final ThreadPoolExecutor pool;

    public CredentialChecks(UserStore users, LoginLimits limits) {
        this(users::verify, limits, System::currentTimeMillis);
    }

    CredentialChecks(BiPredicate<String, String> verifier, LoginLimits limits, LongSupplier clock) {
        this.verifier = verifier;
        this.limits = limits;
        this.failures = new FailedLogins(limits.failedLoginsMax(), limits.failedLoginsWindowMs(),
                FailedLogins.DEFAULT_CAPACITY, clock);
        this.verified = new VerifiedSecrets(limits.verifiedCacheSize(), limits.verifiedCacheMs(), clock);
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "kgate-credential-check-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = new ThreadPoolExecutor(limits.verifyThreads(), limits.verifyThreads(), IDLE_THREAD_MS,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.verifyQueue()), threads);
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks a user's secret for the client of {@code exchange}, known by its socket's peer address.
     *
     * @return completes with the user when the secret is right; exceptionally with an {@link InvalidTokenException}
     *         when it is not, or with a {@link Refusal} (429, 503, with Retry-After) when the check was not made
     */
    public CompletionStage<String> check(HttpServerExchange exchange, String user, String secret) {
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        return check(peer == null ? null : peer.getAddress(), user, secret);
    }

    CompletionStage<String> check(InetAddress client, String user, String secret) {
        if (verified.contains(user, secret)) {
            return CompletableFuture.completedFuture(user);
        }
        return switch (failures.admit(client)) {
            case TOO_MANY_FAILURES -> CompletableFuture.failedFuture(throttled(client));
            case TOO_MANY_IN_FLIGHT -> CompletableFuture.failedFuture(
                    busy("Too many logins from this address are being checked"));
            case ADMITTED -> start(new Check(client, user, secret));
        };
    }

    private CompletionStage<String> start(Check check) {
        try {
            pool.execute(check);
            return check.result;
        } catch (RejectedExecutionException e) {
            check.end(null, busy("Too many logins are being checked"));
            return check.result;
        }
    }

    /** Refuses the checks still waiting (503) and lets the running ones finish; new checks are refused. */
    @Override
    public void close() {
        for (Runnable waiting : pool.shutdownNow()) {
            ((Check) waiting).end(null, busy("The gateway is stopping"));
        }
    }

    private Refusal throttled(InetAddress client) {
        int seconds = (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(failures.waitMillis(client) + 999));
        return new Refusal(429, "Too many failed logins from this address: retry in " + seconds
                + " s", seconds);
    }

    private Refusal busy(String why) {
        return new Refusal(503, why + ": retry later", limits.retryAfterSeconds());
    }

    /** One check of an admitted address. */
    private final class Check implements Runnable {
        final CompletableFuture<String> result = new CompletableFuture<>();
        private final InetAddress client;
        private final String user;
        private final String secret;

        Check(InetAddress client, String user, String secret) {
            this.client = client;
            this.user = user;
            this.secret = secret;
        }

        @Override
        public void run() {
            try {
                if (verifier.test(user, secret)) {
                    verified.remember(user, secret);
                    end(user, null);
                } else {
                    end(null, new InvalidTokenException("wrong username or password"));
                }
            } catch (RuntimeException e) {
                log.warn("Cannot check the credentials of a login", e);
                end(null, e);
            }
        }

        void end(String checked, Exception failure) {
            failures.done(client, failure instanceof InvalidTokenException);
            if (failure == null) {
                result.complete(checked);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }
}
