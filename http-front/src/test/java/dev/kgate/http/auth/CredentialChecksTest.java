package dev.kgate.http.auth;

import dev.kgate.http.pipeline.Refusal;
import dev.kgate.http.util.Causes;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialChecksTest {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    /** What a check ended with: the user, or the exception it failed with. */
    private static Object outcome(CompletionStage<String> check) throws Exception {
        try {
            return check.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Causes.unwrap(e);
        }
    }

    private static Refusal retryLater(CompletionStage<String> check, int status) throws Exception {
        Refusal later = assertInstanceOf(Refusal.class, outcome(check));
        assertEquals(status, later.status());
        assertTrue(later.retryAfterSeconds() >= 1);
        assertTrue(later.getMessage().matches("[A-Z][^.]*[a-z0-9]"), later.getMessage());
        return later;
    }

    /** Basic credentials on every request: a right secret is hashed once, a wrong one every time. */
    @Test
    void aRightSecretIsCheckedOnceThenRememberedAWrongOneNever() throws Exception {
        AtomicInteger hashed = new AtomicInteger();
        BiPredicate<String, String> counting = (user, secret) -> {
            hashed.incrementAndGet();
            return "right".equals(secret);
        };
        CredentialChecks checks = new CredentialChecks(counting, LoginLimits.DEFAULTS, System::currentTimeMillis);
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals("root", outcome(checks.check(CLIENT, "root", "right")));
            }
            assertEquals(1, hashed.get());
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(InvalidTokenException.class, outcome(checks.check(CLIENT, "root", "wrong")));
            }
            assertEquals(4, hashed.get());
        } finally {
            checks.close();
        }
    }

    @Test
    void checksRunOnTheGatewaysOwnThreadsAndAFullQueueIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        BiPredicate<String, String> slow = (user, secret) -> {
            thread.set(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "right".equals(secret);
        };
        CredentialChecks checks = new CredentialChecks(slow, new LoginLimits(1, 1, 10, 60_000, 3),
                System::currentTimeMillis);
        try {
            CompletionStage<String> running = checks.check(CLIENT, "root", "right");
            CompletionStage<String> waiting = checks.check(CLIENT, "root", "wrong");
            Refusal busy = retryLater(checks.check(CLIENT, "root", "right"), 503);
            assertEquals(3, busy.retryAfterSeconds(), "the configured Retry-After");
            release.countDown();
            assertEquals("root", outcome(running));
            assertInstanceOf(InvalidTokenException.class, outcome(waiting));
            assertTrue(thread.get().startsWith("kgate-credential-check-"), thread.get());
        } finally {
            checks.close();
        }
    }

    @Test
    void anAddressPastItsFailedLoginsIsRefusedWithoutHashing() throws Exception {
        AtomicInteger verified = new AtomicInteger();
        AtomicLong now = new AtomicLong(0);
        CredentialChecks checks = new CredentialChecks((user, secret) -> {
            verified.incrementAndGet();
            return "right".equals(secret);
        }, new LoginLimits(2, 8, 3, 60_000, 1), now::get);
        try {
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(InvalidTokenException.class, outcome(checks.check(CLIENT, "root", "wrong" + i)));
            }
            now.set(20_000);
            Refusal throttled = retryLater(checks.check(CLIENT, "root", "right"), 429);
            assertEquals(40, throttled.retryAfterSeconds(), "until the window ends");
            assertEquals(3, verified.get(), "nothing hashed once the address is refused");
            assertEquals("root", outcome(checks.check(InetAddress.getByName("192.0.2.1"), "root", "right")),
                    "another address logs in");
            now.set(60_000);
            assertEquals("root", outcome(checks.check(CLIENT, "root", "right")), "the window has passed");
        } finally {
            checks.close();
        }
    }

    @Test
    void oneAddressCannotHaveMoreChecksInFlightThanFailedLoginsLeft() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger verified = new AtomicInteger();
        CredentialChecks checks = new CredentialChecks((user, secret) -> {
            verified.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }, new LoginLimits(1, 64, 2, 60_000, 1), System::currentTimeMillis);
        try {
            CompletionStage<String> first = checks.check(CLIENT, "root", "a");
            CompletionStage<String> second = checks.check(CLIENT, "root", "b");
            retryLater(checks.check(CLIENT, "root", "c"), 503);
            CompletionStage<String> elsewhere = checks.check(InetAddress.getByName("192.0.2.1"), "root", "d");
            release.countDown();
            assertInstanceOf(InvalidTokenException.class, outcome(first));
            assertInstanceOf(InvalidTokenException.class, outcome(second));
            assertInstanceOf(InvalidTokenException.class, outcome(elsewhere));
            retryLater(checks.check(CLIENT, "root", "e"), 429);
            assertEquals(3, verified.get());
        } finally {
            checks.close();
        }
    }

    @Test
    void closingAnswersTheWaitingChecksAndRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CredentialChecks checks = new CredentialChecks((user, secret) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, new LoginLimits(1, 4, 10, 60_000, 1), System::currentTimeMillis);
        CompletionStage<String> running = checks.check(CLIENT, "root", "x");
        CompletionStage<String> waiting = checks.check(CLIENT, "root", "y");
        checks.close();
        checks.close();
        retryLater(waiting, 503);
        retryLater(checks.check(CLIENT, "root", "z"), 503);
        release.countDown();
        CompletableFuture<String> done = running.toCompletableFuture();
        outcome(done);
        assertTrue(done.isDone(), "the running check finishes");
    }
}
