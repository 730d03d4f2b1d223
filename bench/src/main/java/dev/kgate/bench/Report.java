package dev.kgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Prints bench/run's tables from the lines its runs appended to a results file, one measurement a line:
 * {@code <kind> key=value ...} (kinds: {@code meta}, {@code size}, {@code kafka}, {@code bare}, {@code write},
 * {@code read}, {@code latency}, {@code topic}; other kinds are left to whoever writes them). Each run's ratio is
 * against the fair ceiling measured beside it, in the same repetition; each target is printed beside its measured
 * ratio, with met or not met. Nothing
 * here fails on speed; the exit code says only whether every acknowledged record is in its topic.
 *
 * <p>Usage: {@code Report <results file>}
 */
public final class Report {

    static final double SPREAD_TARGET = 0.20;
    static final double P99_TARGET_MS = 10;

    private final List<Map<String, String>> lines = new ArrayList<>();

    Report(List<String> text) {
        for (String line : text) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("kind", words[0]);
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            lines.add(fields);
        }
    }

    public static void main(String[] args) throws Exception {
        Report report = new Report(Files.readAllLines(Path.of(args[0])));
        if (args.length > 1 && args[1].equals("median-rate")) {
            // bench/run's latency section offers fractions of the maximum measured so far (nothing: not measured).
            double[] rates = report.rates(args[2], args[3], "plain");
            if (rates.length > 0) {
                System.out.printf("%.0f%n", median(rates));
            }
            return;
        }
        boolean accounted = report.print();
        System.exit(accounted ? 0 : 1);
    }

    private List<Map<String, String>> all(String kind, Predicate<Map<String, String>> filter) {
        return lines.stream().filter(l -> l.get("kind").equals(kind)).filter(filter).toList();
    }

    private Map<String, String> one(String kind, Predicate<Map<String, String>> filter) {
        List<Map<String, String>> found = all(kind, filter);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static Predicate<Map<String, String>> where(String... pairs) {
        return l -> {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!Objects.equals(l.get(pairs[i]), pairs[i + 1])) {
                    return false;
                }
            }
            return true;
        };
    }

    /** NaN when the line, the key or a number is missing (a tool that failed recorded {@code rate=}). */
    static double num(Map<String, String> line, String key) {
        String value = line == null ? null : line.get(key);
        try {
            return value == null ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Records per second a write run acknowledged within its time. */
    static double rate(Map<String, String> write) {
        double answered = write.containsKey("ok_in_time") ? num(write, "ok_in_time")
                : num(write, "ok") * num(write, "per_request");
        return answered / num(write, "seconds");
    }

    /** Records the run's clients were told are in Kafka (answers after the run's time included). */
    static long acknowledged(Map<String, String> write) {
        return (long) (num(write, "ok") * (write.containsKey("ok_in_time") ? 1 : num(write, "per_request")));
    }

    /** Of the figures that were measured (NaN ones left out); NaN when there are none. */
    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** (max - min) / median. */
    static double spread(double[] values) {
        values = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (values.length < 2) {
            return Double.NaN;
        }
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        return (max - min) / median(values);
    }

    static String label(String bytes) {
        int b = Integer.parseInt(bytes);
        return b % 1024 == 0 ? (b / 1024) + " KiB" : b + " B";
    }

    private static String f0(double value) {
        return Double.isNaN(value) ? "-" : String.format("%,.0f", value);
    }

    private static String f2(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2fx", value);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format("%.0f %%", 100 * fraction);
    }

    /** "min / max, spread" of a ceiling's repetitions; "-" for one. */
    private static String runs(double[] values) {
        return values.length < 2 ? "-" : f0(Arrays.stream(values).min().orElse(0)) + " / "
                + f0(Arrays.stream(values).max().orElse(0)) + ", " + percent(spread(values));
    }

    /** The {@code rate=} of every line of this kind that has these key=value pairs. */
    private double[] recordedRates(String kind, String... pairs) {
        return all(kind, where(pairs)).stream().mapToDouble(l -> num(l, "rate")).toArray();
    }

    /** Each run's ratio, in run order; "-" for fewer than two. */
    private static String eachRatio(double[] ratios) {
        return ratios.length < 2 ? "-" : String.join(", ", Arrays.stream(ratios).mapToObj(Report::ratio).toList());
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    /**
     * The repetition a line belongs to. bench/run measures the ceilings again beside each repetition of the runs they
     * divide, so that a ratio compares figures taken within a minute of each other on a machine whose speed moves
     * between minutes; a line without one belongs to the first.
     */
    static String rep(Map<String, String> line) {
        return line.getOrDefault("rep", "1");
    }

    private List<String> reps(String kind, String size) {
        return all(kind, where("size", size)).stream().map(Report::rep).distinct().toList();
    }

    /**
     * The ceiling run beside repetition {@code rep}: the bare route for single posts, else the best Kafka run (of one
     * and of N producers).
     */
    private Map<String, String> ceilingLine(String route, String size, String rep) {
        return all(route.equals("single") ? "bare" : "kafka", where("size", size)).stream()
                .filter(l -> rep(l).equals(rep)).max((a, b) -> Double.compare(rateOf(a), rateOf(b))).orElse(null);
    }

    /** Records (or, for the bare route, requests) per second of any run's line. */
    private static double rateOf(Map<String, String> line) {
        if (line == null) {
            return Double.NaN;
        }
        return switch (line.get("kind")) {
            case "write" -> rate(line);
            case "bare" -> num(line, "ok") / num(line, "seconds");
            default -> num(line, "rate");
        };
    }

    /** Microseconds of the whole machine's CPU per record: the cores busy over the run, over its records/s. */
    private static double cpuMicrosPerRecord(Map<String, String> line) {
        double rate = rateOf(line);
        return rate > 0 ? num(line, "cores") * 1e6 / rate : Double.NaN;
    }

    /** The ceiling of each repetition at this size, in repetition order. */
    private double[] ceilings(String route, String size) {
        String kind = route.equals("single") ? "bare" : "kafka";
        return reps(kind, size).stream().mapToDouble(rep -> ceiling(route, size, rep)).toArray();
    }

    private double ceiling(String route, String size, String rep) {
        return rateOf(ceilingLine(route, size, rep));
    }

    /**
     * A write run's rate against the ceiling measured beside it; a run without one beside it (a section run alone)
     * against the median of the size's ceilings.
     */
    private double ratioToCeiling(Map<String, String> write) {
        String route = write.get("route");
        double beside = ceiling(route, write.get("size"), rep(write));
        return rate(write) / (Double.isNaN(beside) ? median(ceilings(route, write.get("size"))) : beside);
    }

    private double[] ratios(String route, String size) {
        return all("write", where("route", route, "size", size, "variant", "plain")).stream()
                .mapToDouble(this::ratioToCeiling).toArray();
    }

    private double[] rates(String route, String size, String variant) {
        return all("write", where("route", route, "size", size, "variant", variant)).stream()
                .mapToDouble(Report::rate).toArray();
    }

    private Map<String, String> medianRun(String route, String size, String variant) {
        List<Map<String, String>> runs = new ArrayList<>(all("write", where("route", route, "size", size,
                "variant", variant)));
        if (runs.isEmpty()) {
            return null;
        }
        runs.sort((a, b) -> Double.compare(rate(a), rate(b)));
        return runs.get((runs.size() - 1) / 2);
    }

    boolean print() {
        Map<String, String> meta = one("meta", l -> true);
        List<String> sizes = all("size", l -> true).stream().map(l -> l.get("bytes")).toList();
        String tasks = meta == null ? "?" : meta.get("tasks");
        String parallel = meta == null ? tasks : meta.getOrDefault("parallel", tasks);
        System.out.printf("Benchmark %s, %s cores, one broker, acks=all, connector tasks.max=%s, %s s per run;"
                        + " the runs at 100 B and 1 KiB and the reading runs %s times, each beside ceilings of its own%n",
                meta == null ? "?" : meta.get("date"), meta == null ? "?" : meta.get("cores"), tasks,
                meta == null ? "?" : meta.get("seconds"), meta == null ? "?" : meta.get("repeat"));
        System.out.println("Records: JSON messages of random text, " + Payloads.VARIANTS + " variants per size;"
                + " every answer after Kafka's ack; Bearer token on every request.");
        for (Map<String, String> size : all("size", l -> true)) {
            System.out.printf("  %s: batches of %s at %s connections, /socket/in %s sockets x %s in flight,"
                            + " single posts at %s connections%n", label(size.get("bytes")), size.get("batch"),
                    size.get("batch_connections"), size.get("sockets"), size.get("window"),
                    size.get("single_connections"));
        }

        System.out.println();
        System.out.println("Fair ceilings (same broker, measured again beside each repetition of the runs they divide;"
                + " medians over the repetitions)");
        System.out.println();
        System.out.println("| size | Kafka: 1 ProducerPerformance | Kafka: " + parallel + " in parallel | Kafka ceiling"
                + " (best of the two) | its runs: min / max, spread | bare HTTP route, same listener settings | its runs:"
                + " min / max, spread | bare HTTP p50 / p99, last run |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String size : sizes) {
            double[] kafka = ceilings("batch", size);
            double[] bare = ceilings("single", size);
            Map<String, String> bareRun = one("bare", where("size", size));
            System.out.printf("| %s | %s rec/s | %s rec/s | %s rec/s | %s | %s req/s | %s | %s / %s ms |%n", label(size),
                    f0(median(recordedRates("kafka", "size", size, "producers", "1"))),
                    f0(median(recordedRates("kafka", "size", size, "producers", parallel))), f0(median(kafka)),
                    runs(kafka), f0(median(bare)), runs(bare), f2(num(bareRun, "p50_ms")), f2(num(bareRun, "p99_ms")));
        }

        System.out.println();
        System.out.println("Writing (medians of the repetitions where there are several; each run's ratio is against the"
                + " ceiling measured beside it; p50 and p99 of the run with the median records/s)");
        System.out.println();
        System.out.println("| run | size | records/s (median) | ceiling (median) | ratio (median of the runs') | p50 |"
                + " p99 | runs' ratios | spread of the ratios / of the rates |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String size : sizes) {
            for (String route : List.of("single", "batch", "socket")) {
                Map<String, String> median = medianRun(route, size, "plain");
                if (median == null) {
                    continue;
                }
                double[] rates = rates(route, size, "plain");
                double[] ratios = ratios(route, size);
                System.out.printf("| %s | %s | %s | %s %s | %s | %s ms | %s ms | %s | %s |%n", describe(median),
                        label(size), f0(median(rates)), f0(median(ceilings(route, size))),
                        route.equals("single") ? "(bare HTTP)" : "(Kafka)", ratio(median(ratios)),
                        f2(num(median, "p50_ms")), f2(num(median, "p99_ms")),
                        eachRatio(ratios),
                        ratios.length > 1 ? percent(spread(ratios)) + " / " + percent(spread(rates)) : "-");
            }
        }

        printCpu(sizes);
        printReading();
        printTargets(sizes);
        printLatency();
        printVariants();
        return printAccounting();
    }

    /**
     * Every process of a run shares the machine's cores: when a run and its ceiling both keep them busy, the ratio
     * between them is the ratio of what a record costs in CPU, whatever the gateway's own speed. Printed only for
     * results with {@code cores=} on their runs (busy cores; the {@code meta} line's {@code cores=} is the machine's).
     */
    private void printCpu(List<String> sizes) {
        List<String> rows = new ArrayList<>();
        for (String size : sizes) {
            for (Map.Entry<String, List<Map<String, String>>> ceiling : ceilingRunsByName(size).entrySet()) {
                cpuRow(ceiling.getKey(), size, ceiling.getValue(), null).ifPresent(rows::add);
            }
            for (String route : List.of("batch", "socket", "single")) {
                Map<String, String> median = medianRun(route, size, "plain");
                if (median != null) {
                    cpuRow(describe(median), size, all("write", where("route", route, "size", size,
                            "variant", "plain")), route).ifPresent(rows::add);
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("CPU per record (the whole machine's busy cores over each run, over its records/s: load"
                + " generator, gateway, Connect, broker; medians of the repetitions; the cores of ProducerPerformance"
                + " and SocketInLoad runs include their JVM's start, and ProducerPerformance's its warm-up records)");
        System.out.println();
        System.out.println("| run | size | cores busy | CPU µs per record | x its ceiling's CPU per record |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private Map<String, List<Map<String, String>>> ceilingRunsByName(String size) {
        Map<String, List<Map<String, String>>> byName = new LinkedHashMap<>();
        for (Map<String, String> kafka : all("kafka", where("size", size))) {
            String producers = kafka.get("producers");
            byName.computeIfAbsent("Kafka: " + ("1".equals(producers) ? "1 ProducerPerformance"
                    : producers + " ProducerPerformance in parallel"), name -> new ArrayList<>()).add(kafka);
        }
        List<Map<String, String>> bare = all("bare", where("size", size));
        if (!bare.isEmpty()) {
            byName.put("bare HTTP route (per request)", bare);
        }
        return byName;
    }

    /** @param route of write runs, whose CPU per record is also set against their ceiling's; null for ceilings */
    private Optional<String> cpuRow(String name, String size, List<Map<String, String>> runs, String route) {
        double[] cores = runs.stream().mapToDouble(l -> num(l, "cores")).toArray();
        if (Double.isNaN(median(cores))) {
            return Optional.empty();
        }
        double[] micros = runs.stream().mapToDouble(Report::cpuMicrosPerRecord).toArray();
        double[] againstCeiling = route == null ? new double[0] : runs.stream().mapToDouble(l ->
                cpuMicrosPerRecord(l) / cpuMicrosPerRecord(ceilingLine(route, size, rep(l)))).toArray();
        return Optional.of(String.format("| %s | %s | %s | %s | %s |", name, label(size), f2(median(cores)),
                f2(median(micros)), route == null ? "" : ratio(median(againstCeiling))));
    }

    private static String describe(Map<String, String> write) {
        return switch (write.get("route")) {
            case "single" -> "single posts, " + write.get("connections") + " connections";
            case "batch" -> "batches of " + write.get("per_request") + ", " + write.get("connections")
                    + " connections";
            case "socket" -> "/socket/in, " + write.get("connections") + " sockets x " + write.get("window")
                    + " in flight";
            default -> write.get("route");
        };
    }

    /** The ConsumerPerformance figure read right before this /socket/out run, in the same repetition. */
    private double consumersBeside(Map<String, String> socket) {
        return num(one("read", l -> "consumer".equals(l.get("who")) && socket.get("instances").equals(l.get("instances"))
                && rep(l).equals(rep(socket))), "rate");
    }

    private List<String> readerCounts() {
        return all("read", where("who", "socket")).stream().map(l -> l.get("instances")).distinct().toList();
    }

    private double[] readingRatios(String instances) {
        return all("read", where("who", "socket", "instances", instances)).stream()
                .mapToDouble(socket -> num(socket, "rate") / consumersBeside(socket)).toArray();
    }

    private void printReading() {
        List<Map<String, String>> sockets = all("read", where("who", "socket"));
        if (sockets.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Reading (" + sockets.get(0).getOrDefault("size", "100") + "-byte records from the start"
                + " of a topic; records/s from the first record to the last, summed over the group's members; medians"
                + " of the repetitions, each socket run against the consumers run right before it)");
        System.out.println();
        System.out.println("| readers | /socket/out (median) | ConsumerPerformance (median) | ratio (median of the"
                + " runs') | runs' ratios | frames, all runs | error frames, all runs |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String n : readerCounts()) {
            double[] ratios = readingRatios(n);
            List<Map<String, String>> runs = all("read", where("who", "socket", "instances", n));
            System.out.printf("| %s in one group | %s rec/s | %s rec/s | %s | %s | %s | %s |%n", n,
                    f0(median(recordedRates("read", "who", "socket", "instances", n))),
                    f0(median(recordedRates("read", "who", "consumer", "instances", n))), ratio(median(ratios)),
                    eachRatio(ratios),
                    f0(runs.stream().mapToDouble(l -> num(l, "ok")).sum()),
                    f0(runs.stream().mapToDouble(l -> num(l, "other")).sum()));
        }
    }

    private void printTargets(List<String> sizes) {
        System.out.println();
        System.out.println("Targets (set for a 2-core machine; printed, never enforced)");
        System.out.println();
        System.out.println("| target | measured | |");
        System.out.println("|---|---|---|");
        for (String size : List.of("100", "1024")) {
            if (!sizes.contains(size)) {
                continue;
            }
            double target = size.equals("100") ? 0.8 : 0.9;
            for (String route : List.of("batch", "socket")) {
                double[] ratios = ratios(route, size);
                if (Double.isNaN(median(ratios))) {
                    continue; // Not run, or no ceiling measured (--sections without write): nothing to judge.
                }
                String name = route.equals("batch") ? "batches" : "/socket/in";
                double r = median(ratios);
                System.out.printf("| %s at %s >= %.1fx the Kafka ceiling | %s | %s |%n", name, label(size), target,
                        ratio(r), met(r >= target));
                // The gateway's own run-to-run spread: the ratios' spread adds the ceiling's (printed above), which
                // moves as much between minutes on this machine as the gateway does.
                double spread = spread(rates(route, size, "plain"));
                if (!Double.isNaN(spread)) {
                    System.out.printf("| %s at %s: spread of the records/s over %d runs < %.0f %% | %s | %s |%n", name,
                            label(size), ratios.length, 100 * SPREAD_TARGET, percent(spread),
                            met(spread < SPREAD_TARGET));
                }
            }
        }
        for (String size : sizes) {
            Map<String, String> single = medianRun("single", size, "plain");
            double r = median(ratios("single", size));
            if (single == null || Double.isNaN(r)) {
                continue;
            }
            System.out.printf("| single posts at %s, %s connections >= 0.5x bare HTTP | %s | %s |%n", label(size),
                    single.get("connections"), ratio(r), met(r >= 0.5));
            double p99 = num(single, "p99_ms");
            System.out.printf("| single posts at %s, %s connections: p99 <= %.0f ms | %s ms | %s |%n", label(size),
                    single.get("connections"), P99_TARGET_MS, f2(p99), met(p99 <= P99_TARGET_MS));
        }
        for (String n : readerCounts()) {
            double r = median(readingRatios(n));
            if (Double.isNaN(r)) {
                continue; // No ConsumerPerformance figure to judge against.
            }
            System.out.printf("| /socket/out, %s socket(s) in one group >= 0.5x %s ConsumerPerformance | %s | %s |%n", n,
                    n, ratio(r), met(r >= 0.5));
        }
    }

    private void printLatency() {
        List<Map<String, String>> runs = all("latency", l -> true);
        if (runs.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Latency under load (open loop, from each message's intended send time; "
                + label(runs.get(0).get("size")) + " records; the gateway's own receipt-to-ack figures from its"
                + " ack-latency metrics over the run's last 5-10 s)");
        System.out.println();
        System.out.println("| run | offered | achieved | p50 | p99 | p99.9 | max"
                + " | gateway receipt to ack: p50 / p99 / p99.9 / max | errors | unanswered |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Map<String, String> run : runs) {
            String what = run.get("route").equals("single")
                    ? "single posts, " + run.get("connections") + " connections"
                    : "/socket/in, " + run.get("connections") + " sockets";
            // Achieved well below offered: the server (or the client, on the same cores) could not keep up, and the
            // latencies are mostly the backlog's.
            boolean behind = num(run, "achieved") < 0.95 * num(run, "offered");
            System.out.printf("| %s, %s %% of max | %s/s | %s/s%s | %s ms | %s ms | %s ms | %s ms"
                            + " | %s / %s / %s / %s ms | %s | %s |%n", what, run.get("percent"),
                    f0(num(run, "offered")), f0(num(run, "achieved")),
                    behind ? " (behind)" : "",
                    f2(num(run, "p50_ms")), f2(num(run, "p99_ms")), f2(num(run, "p999_ms")), f2(num(run, "max_ms")),
                    f2(num(run, "ack_p50_ms")), f2(num(run, "ack_p99_ms")), f2(num(run, "ack_p999_ms")),
                    f2(num(run, "ack_max_ms")),
                    f0(num(run, "other")), f0(num(run, "unanswered")));
        }
        System.out.println();
        System.out.println("Offered: 10, 50 and 80 % of the median closed-loop rate of the same route and size above"
                + " (wrk, SocketInLoad); the load generator shares the machine's cores. (behind): achieved under 95 % of"
                + " offered, so the latencies are mostly the backlog's.");
    }

    private void printVariants() {
        List<Map<String, String>> variants = all("write", l -> !"plain".equals(l.get("variant")));
        if (variants.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("TLS and compression (the same runs over TLS, and with gzip request bodies)");
        System.out.println();
        System.out.println("| run | size | plain records/s | variant records/s | ratio to plain | p50 | p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map<String, String> run : variants) {
            double plain = median(rates(run.get("route"), run.get("size"), "plain"));
            System.out.printf("| %s, %s | %s | %s | %s | %s | %s ms | %s ms |%n", describe(run),
                    run.get("variant").equals("tls") ? "TLS" : "gzip bodies", label(run.get("size")), f0(plain),
                    f0(rate(run)), ratio(rate(run) / plain), f2(num(run, "p50_ms")), f2(num(run, "p99_ms")));
        }
    }

    /** @return whether every acknowledged record is in its topic */
    private boolean printAccounting() {
        Map<String, Long> acked = new HashMap<>();
        for (Map<String, String> write : all("write", l -> true)) {
            acked.merge(write.get("topic"), acknowledged(write), Long::sum);
        }
        for (Map<String, String> run : all("latency", l -> true)) {
            acked.merge(run.get("topic"), (long) num(run, "ok"), Long::sum);
        }
        long totalAcked = 0;
        long totalLanded = 0;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Long> topic : acked.entrySet()) {
            Map<String, String> counted = one("topic", where("name", topic.getKey()));
            long landed = counted == null ? 0 : (long) num(counted, "records");
            totalAcked += topic.getValue();
            totalLanded += landed;
            if (landed < topic.getValue()) {
                missing.add(topic.getKey() + ": " + (topic.getValue() - landed) + " of " + topic.getValue());
            }
        }
        System.out.println();
        if (missing.isEmpty()) {
            System.out.printf("Every acknowledged record is in its topic: %,d acknowledged, %,d in the %d topics"
                    + " (more when requests were in flight as a run ended).%n", totalAcked, totalLanded, acked.size());
            return true;
        }
        System.out.println("ACKNOWLEDGED RECORDS MISSING: " + String.join("; ", missing));
        return false;
    }
}
