package dev.kgate.http.auth;

import dev.kgate.http.auth.FailedLogins.Admission;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailedLoginsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** One whole check: admitted, then done. */
    private static Admission attempt(FailedLogins failures, InetAddress client, boolean fails) {
        Admission admission = failures.admit(client);
        if (admission == Admission.ADMITTED) {
            failures.done(client, fails);
        }
        return admission;
    }

    @Test
    void anAddressIsRefusedAfterMaxFailuresUntilItsWindowHasPassed() throws Exception {
        FailedLogins failures = new FailedLogins(3, 60_000, 100, now::get);
        InetAddress client = address("192.0.2.7");
        for (int i = 0; i < 3; i++) {
            assertEquals(Admission.ADMITTED, attempt(failures, client, true), "failure " + i);
            now.addAndGet(1_000);
        }
        assertEquals(Admission.TOO_MANY_FAILURES, failures.admit(client));
        assertEquals(57_000, failures.waitMillis(client), "until the window opened by the first failure ends");
        now.addAndGet(56_999);
        assertEquals(Admission.TOO_MANY_FAILURES, failures.admit(client));
        assertEquals(1, failures.waitMillis(client));
        now.addAndGet(1);
        assertEquals(Admission.ADMITTED, attempt(failures, client, true), "a new window");
        assertEquals(Admission.ADMITTED, attempt(failures, client, false), "which counts from zero");
    }

    @Test
    void successesDoNotCountAndFailuresSpreadOverWindowsNeverAddUp() throws Exception {
        FailedLogins failures = new FailedLogins(3, 10_000, 100, now::get);
        InetAddress client = address("192.0.2.8");
        for (int i = 0; i < 20; i++) {
            assertEquals(Admission.ADMITTED, attempt(failures, client, true));
            assertEquals(Admission.ADMITTED, attempt(failures, client, false));
            assertEquals(Admission.ADMITTED, attempt(failures, client, true));
            now.addAndGet(10_000);
        }
        assertEquals(Admission.ADMITTED, attempt(failures, client, false), "a success after the window passed");
        assertEquals(0, failures.trackedAddresses(), "an address with nothing to remember is forgotten");
    }

    @Test
    void checksInFlightCountAgainstTheFailuresLeft() throws Exception {
        FailedLogins failures = new FailedLogins(3, 60_000, 100, now::get);
        InetAddress client = address("192.0.2.9");
        assertEquals(Admission.ADMITTED, attempt(failures, client, true));
        assertEquals(Admission.ADMITTED, failures.admit(client));
        assertEquals(Admission.ADMITTED, failures.admit(client));
        assertEquals(Admission.TOO_MANY_IN_FLIGHT, failures.admit(client), "1 failure + 2 in flight = 3");
        assertEquals(Admission.ADMITTED, failures.admit(address("192.0.2.10")), "another address");
        failures.done(client, false);
        assertEquals(Admission.ADMITTED, failures.admit(client), "room again once one succeeded");
        failures.done(client, true);
        failures.done(client, true);
        assertEquals(Admission.TOO_MANY_FAILURES, failures.admit(client));
    }

    @Test
    void otherAddressesAreNotTouchedButAnIpv6Slash64CountsAsOne() throws Exception {
        FailedLogins failures = new FailedLogins(2, 60_000, 100, now::get);
        attempt(failures, address("2001:db8:1:2::1"), true);
        attempt(failures, address("2001:db8:1:2:ffff::9"), true);
        assertEquals(Admission.TOO_MANY_FAILURES, failures.admit(address("2001:db8:1:2::abcd")), "the same /64");
        assertEquals(Admission.ADMITTED, failures.admit(address("2001:db8:1:3::1")), "another /64");
        assertEquals(Admission.ADMITTED, failures.admit(address("192.0.2.1")));
        assertEquals(Admission.ADMITTED, failures.admit(null), "no address is a key of its own");
    }

    @Test
    void memoryIsBoundedByForgettingTheAddressTouchedLeastRecently() throws Exception {
        FailedLogins failures = new FailedLogins(1, 60_000, 50, now::get);
        InetAddress hot = address("198.51.100.1");
        attempt(failures, hot, true);
        for (int i = 0; i < 5_000; i++) {
            attempt(failures, InetAddress.getByAddress(new byte[]{10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    true);
            if (i % 10 == 0) {
                assertEquals(Admission.TOO_MANY_FAILURES, failures.admit(hot),
                        "an address that keeps trying stays remembered");
            }
            assertTrue(failures.trackedAddresses() <= 50);
        }
        assertEquals(50, failures.trackedAddresses());
        assertEquals(Admission.ADMITTED, failures.admit(InetAddress.getByAddress(new byte[]{10, 0, 0, 0})),
                "forgotten");
    }
}
