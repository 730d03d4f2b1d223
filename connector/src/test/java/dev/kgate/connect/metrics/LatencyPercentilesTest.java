package dev.kgate.connect.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyPercentilesTest {

    private static final MetricConfig CONFIG = new MetricConfig().samples(2).timeWindow(5, TimeUnit.SECONDS);

    private static LatencyPercentiles stat() {
        return new LatencyPercentiles(120_000, percentile("p50", 50), percentile("p99", 99),
                percentile("p999", 99.9));
    }

    private static Percentile percentile(String name, double percentile) {
        return new Percentile(new MetricName(name, "test", "", Map.of()), percentile);
    }

    @Test
    void everyBinIsExactBelow64MicrosAndWithinOneAndAHalfPercentAbove() {
        assertEquals(0, LatencyPercentiles.binOf(0));
        assertEquals(63, LatencyPercentiles.binOf(63));
        assertEquals(64, LatencyPercentiles.binOf(64));
        for (long micros = 0; micros < 2_000_000; micros++) {
            int step = LatencyPercentiles.binOf(micros + 1) - LatencyPercentiles.binOf(micros);
            assertTrue(step == 0 || step == 1, "bins follow each other without gaps at " + micros);
        }
        for (long micros = 0; micros <= 120_000_000L; micros += 1 + micros / 1_000) {
            double middle = LatencyPercentiles.middleOf(LatencyPercentiles.binOf(micros));
            if (micros < 64) {
                assertEquals(micros, middle);
            } else {
                assertTrue(Math.abs(middle - micros) <= micros / 64.0, micros + " read as " + middle);
            }
        }
    }

    @Test
    void aLatencyBetweenKafkasLinearBinsReadsAsItself() {
        // Kafka's LINEAR percentiles (1,000 bins to 120 s) read every value from 1.44 to 2.40 ms as 1.44.
        LatencyPercentiles stat = stat();
        for (int i = 0; i < 100; i++) {
            stat.record(CONFIG, 2.3, 1_000);
        }
        assertEquals(2.3, stat.value(CONFIG, 1_000, 0.5), "one value seen: read exactly");
        stat.record(CONFIG, 2.35, 1_000);
        assertEquals(2.3, stat.value(CONFIG, 1_000, 0.5), 2.3 * 0.016);
        double p999 = stat.value(CONFIG, 1_000, 0.999);
        assertTrue(p999 <= 2.35 && p999 >= 2.35 * 0.984, "within its bin, never above the highest value: " + p999);
        LatencyPercentiles shared = stat();
        shared.record(CONFIG, 2.31, 1_000);
        shared.record(CONFIG, 2.32, 1_000);
        assertEquals(2.32, shared.value(CONFIG, 1_000, 0.999), "both in the bin 2.304-2.368, read as the highest");
    }

    @Test
    void percentilesOfASkewedSampleAreWithinTheBinPrecision() {
        Random random = new Random(42);
        double[] values = new double[20_000];
        LatencyPercentiles stat = stat();
        for (int i = 0; i < values.length; i++) {
            // Mostly 1-3 ms, with a long tail into the hundreds.
            values[i] = 1 + 2 * random.nextDouble() + (random.nextInt(100) == 0 ? 400 * random.nextDouble() : 0);
            stat.record(CONFIG, values[i], 1_000);
        }
        Arrays.sort(values);
        for (double quantile : new double[] {0.5, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(quantile * values.length) - 1];
            double measured = stat.value(CONFIG, 1_000, quantile);
            assertEquals(exact, measured, exact * 0.016 + 0.001, "quantile " + quantile);
        }
    }

    @Test
    void theP999OfAThousandValuesIsTheNineHundredNinetyNinth() {
        LatencyPercentiles stat = stat();
        for (int i = 1; i <= 1_000; i++) {
            stat.record(CONFIG, i == 1_000 ? 500 : 1, 1_000);
        }
        assertEquals(1, stat.value(CONFIG, 1_000, 0.999), 0.016, "one outlier in a thousand is above the p99.9");
    }

    @Test
    void theWindowForgetsOldValuesAndAnEmptyOneReadsNaN() {
        LatencyPercentiles stat = stat();
        assertTrue(Double.isNaN(stat.value(CONFIG, 0, 0.5)));
        stat.record(CONFIG, 500, 0);
        assertEquals(500, stat.value(CONFIG, 0, 0.5), 500 * 0.016);
        stat.record(CONFIG, 1, 20_000);
        assertEquals(1, stat.value(CONFIG, 20_000, 0.99), 0.016, "the value of 20 s ago left the 10 s window");
        assertTrue(Double.isNaN(stat.value(CONFIG, 40_000, 0.5)));
    }

    @Test
    void valuesAboveTheMaximumCountAsIt() {
        LatencyPercentiles stat = new LatencyPercentiles(1_000, percentile("p50", 50));
        stat.record(CONFIG, 5_000_000, 0);
        assertEquals(1_000, stat.value(CONFIG, 0, 0.5));
        assertEquals(1, stat.stats().size());
    }
}
