package dev.kgate.connect.metrics;

import org.apache.kafka.common.metrics.CompoundStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.SampledStat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of a latency in milliseconds, each within 1.6 % of the true value from 64 µs to 2 minutes (exact to
 * the microsecond below), over the metrics' sample window like Kafka's own {@code Percentiles}. Kafka's histograms
 * have bins of fixed or linearly growing width: with 1,000 bins up to 2 minutes, the bin near 2 ms is 0.96 ms wide,
 * and every ack latency between 1.44 and 2.40 ms read as 1.44. Here the bins are log-linear (HdrHistogram's layout):
 * 32 per power of two, so each is at most 1/32 of its value wide; a percentile reads as its bin's middle, kept
 * within the lowest and highest values of the window.
 */
final class LatencyPercentiles extends SampledStat implements CompoundStat {

    /** Microseconds below this have a bin each; above it, 32 bins per power of two. */
    private static final int EXACT_MICROS = 64;
    private static final int SUB_BINS_BITS = 5;
    private static final int SUB_BINS = 1 << SUB_BINS_BITS;
    private static final int FIRST_LOG_EXPONENT = Integer.numberOfTrailingZeros(EXACT_MICROS);

    private final double maxMs;
    private final int bins;
    private final Percentile[] percentiles;

    /** @param maxMs latencies above it count as it */
    LatencyPercentiles(double maxMs, Percentile... percentiles) {
        super(0.0);
        this.maxMs = maxMs;
        this.bins = binOf(Math.round(maxMs * 1_000)) + 1;
        this.percentiles = percentiles.clone();
    }

    static int binOf(long micros) {
        if (micros < EXACT_MICROS) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - SUB_BINS_BITS)) & (SUB_BINS - 1);
        return EXACT_MICROS + (exponent - FIRST_LOG_EXPONENT) * SUB_BINS + sub;
    }

    /** The middle of a bin, in microseconds: the value a percentile falling in it reads as. */
    static double middleOf(int bin) {
        if (bin < EXACT_MICROS) {
            return bin;
        }
        int exponent = FIRST_LOG_EXPONENT + (bin - EXACT_MICROS) / SUB_BINS;
        int sub = (bin - EXACT_MICROS) % SUB_BINS;
        long width = 1L << (exponent - SUB_BINS_BITS);
        long lowest = (1L << exponent) + sub * width;
        return lowest + (width - 1) / 2.0;
    }

    @Override
    public List<NamedMeasurable> stats() {
        List<NamedMeasurable> measurables = new ArrayList<>(percentiles.length);
        for (Percentile percentile : percentiles) {
            double quantile = percentile.percentile() / 100.0;
            measurables.add(new NamedMeasurable(percentile.name(), (config, now) -> value(config, now, quantile)));
        }
        return measurables;
    }

    /** @return the latency in ms that {@code quantile} of the window's values are at or below; NaN for none */
    double value(MetricConfig config, long now, double quantile) {
        purgeObsoleteSamples(config, now);
        long count = 0;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (Sample sample : samples) {
            count += sample.eventCount;
            if (sample.eventCount > 0) {
                lowest = Math.min(lowest, ((BinSample) sample).lowestMs);
                highest = Math.max(highest, ((BinSample) sample).highestMs);
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        // The rank of the value sought, 1-based: the median of 1..4 is the 2nd. 99.9 / 100 is 0.9990000000000001 in
        // doubles, which would make the p99.9 of 1,000 values the highest; the epsilon keeps it the 999th.
        long rank = Math.max(1, (long) Math.ceil(quantile * count - 1e-9));
        long seen = 0;
        for (int bin = 0; bin < bins; bin++) {
            for (Sample sample : samples) {
                seen += ((BinSample) sample).counts[bin];
            }
            if (seen >= rank) {
                // Never outside the values seen: a p99 above the maximum would read as a contradiction.
                return Math.min(highest, Math.max(lowest, middleOf(bin) / 1_000));
            }
        }
        return highest;
    }

    @Override
    public double combine(List<Sample> samples, MetricConfig config, long now) {
        return value(config, now, 0.5);
    }

    @Override
    protected Sample newSample(long timeMs) {
        return new BinSample(bins, timeMs);
    }

    @Override
    protected void update(Sample sample, MetricConfig config, double valueMs, long timeMs) {
        double boundedMs = Double.isNaN(valueMs) ? 0 : Math.max(0, Math.min(maxMs, valueMs));
        BinSample counted = (BinSample) sample;
        counted.counts[binOf(Math.round(boundedMs * 1_000))]++;
        counted.lowestMs = Math.min(counted.lowestMs, boundedMs);
        counted.highestMs = Math.max(counted.highestMs, boundedMs);
    }

    private static final class BinSample extends Sample {
        private final int[] counts;
        private double lowestMs = Double.POSITIVE_INFINITY;
        private double highestMs = Double.NEGATIVE_INFINITY;

        private BinSample(int bins, long now) {
            super(0.0, now);
            counts = new int[bins];
        }

        @Override
        public void reset(long now) {
            super.reset(now);
            Arrays.fill(counts, 0);
            lowestMs = Double.POSITIVE_INFINITY;
            highestMs = Double.NEGATIVE_INFINITY;
        }
    }
}
