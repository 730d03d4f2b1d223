package dev.kgate.connect.metrics;

import dev.kgate.connect.queue.IngestQueue;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.metrics.GatewayMetrics;
import dev.kgate.http.metrics.RefusalReason;
import dev.kgate.http.metrics.SocketSide;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * One task's gateway metrics, registered through the task's plugin metrics (KIP-877): Connect tags them with the
 * connector and the task and shows them in the worker's JMX ({@code kafka.connect:type=plugins,connector=..,task=..}).
 * The series of one route and status are created the first time they occur; after that, recording is a map lookup
 * and {@link Sensor#record}. Removed on {@link #close()}, and by Connect when it closes the task's plugin metrics.
 */
public final class TaskMetrics implements GatewayMetrics, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
    /** Sensor names are one namespace for the whole worker: each instance takes its own prefix. */
    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    /** Route templates come from the code; past this many something is wrong, and the rest are not counted. */
    private static final int MAX_ROUTES = 64;
    /** Latencies above this land in the top bucket; acks can arrive after the ack timeout (30 s by default). */
    private static final double ACK_LATENCY_MAX_MS = 120_000;

    private final PluginMetrics metrics;
    private final String sensorPrefix;
    private final Set<String> sensors = ConcurrentHashMap.newKeySet();
    private final List<MetricName> gauges = new CopyOnWriteArrayList<>();
    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final Sensor[] refusals = new Sensor[RefusalReason.values().length];
    private final AtomicInteger[] openSockets = new AtomicInteger[SocketSide.values().length];
    private final Sensor ackLatency;
    private volatile boolean closed;

    public TaskMetrics(PluginMetrics metrics, IngestQueue queue) {
        this.metrics = metrics;
        this.sensorPrefix = "kgate-" + INSTANCES.incrementAndGet() + "-";
        gauge("queue-records", "Messages in the task's queue, waiting for poll()", tags(), queue::size);
        gauge("queue-bytes", "Bytes the messages in the task's queue hold", tags(), queue::bytes);
        for (SocketSide side : SocketSide.values()) {
            AtomicInteger open = new AtomicInteger();
            openSockets[side.ordinal()] = open;
            gauge("sockets-open", "WebSockets open on the route", tags("route", side.route()), open::get);
        }
        for (RefusalReason reason : RefusalReason.values()) {
            refusals[reason.ordinal()] = meter("refusals-" + reason.tag(), "refusal", "Requests refused",
                    tags("reason", reason.tag()));
        }
        ackLatency = sensor("ack-latency");
        Map<String, String> none = tags();
        ackLatency.add(new Meter(new WindowedCount(), name("ack-rate", "Messages Kafka acknowledged per second", none),
                name("ack-total", "Messages Kafka acknowledged", none)));
        ackLatency.add(name("ack-latency-avg", "Average ms from a message's receipt to Kafka's ack", none), new Avg());
        ackLatency.add(name("ack-latency-max", "Most ms from a message's receipt to Kafka's ack", none), new Max());
        ackLatency.add(new LatencyPercentiles(ACK_LATENCY_MAX_MS,
                new Percentile(name("ack-latency-p50", "Median ms from a message's receipt to Kafka's ack", none), 50),
                new Percentile(name("ack-latency-p99", "99th percentile of ms from a message's receipt to Kafka's ack",
                        none), 99),
                new Percentile(name("ack-latency-p999", "99.9th percentile of ms from a message's receipt to Kafka's"
                        + " ack", none), 99.9)));
    }

    /** Kafka acknowledged the message: the time since the front accepted it. */
    public void acknowledged(IngestMessage message) {
        ackLatency.record((System.nanoTime() - message.acceptedAtNanos()) / 1_000_000.0);
    }

    @Override
    public void requestCompleted(String route, int status, long bytesIn, long bytesOut) {
        RouteMeters meters = routeMeters(route);
        StatusMeters byStatus = meters == null ? null : meters.of(status);
        if (byStatus != null) {
            byStatus.requests.record();
            byStatus.bytesIn.record(bytesIn);
            byStatus.bytesOut.record(bytesOut);
        }
    }

    @Override
    public void refused(RefusalReason reason) {
        refusals[reason.ordinal()].record();
    }

    @Override
    public void authenticationFailed(String route) {
        RouteMeters meters = routeMeters(route);
        Sensor failures = meters == null ? null : meters.authFailures();
        if (failures != null) {
            failures.record();
        }
    }

    @Override
    public void socketOpened(SocketSide side) {
        openSockets[side.ordinal()].incrementAndGet();
    }

    @Override
    public void socketClosed(SocketSide side) {
        openSockets[side.ordinal()].decrementAndGet();
    }

    /** Removes every metric of this task; safe to call twice, and after Connect closed the plugin metrics. */
    @Override
    public void close() {
        closed = true;
        try {
            for (String sensor : sensors) {
                metrics.removeSensor(sensor);
            }
            for (MetricName gauge : gauges) {
                metrics.removeMetric(gauge);
            }
        } catch (IllegalStateException alreadyClosed) {
            // Connect closed the task's plugin metrics first, which removed them all.
        }
        sensors.clear();
        gauges.clear();
    }

    /** @return null once closed, or past {@value #MAX_ROUTES} routes */
    private RouteMeters routeMeters(String route) {
        if (closed) {
            return null;
        }
        RouteMeters meters = routes.get(route);
        if (meters == null && routes.size() < MAX_ROUTES) {
            meters = routes.computeIfAbsent(route, RouteMeters::new);
        }
        return meters;
    }

    /** One route's series, created when they first occur. */
    private final class RouteMeters {
        private final String route;
        private final AtomicReferenceArray<StatusMeters> byStatus =
                new AtomicReferenceArray<>(MAX_STATUS - MIN_STATUS + 1);
        private volatile Sensor authFailures;

        RouteMeters(String route) {
            this.route = route;
        }

        /** @return null for a status outside 1xx-5xx, or when its series cannot be created (the task stopped) */
        StatusMeters of(int status) {
            if (status < MIN_STATUS || status > MAX_STATUS) {
                return null;
            }
            StatusMeters meters = byStatus.get(status - MIN_STATUS);
            if (meters == null) {
                synchronized (this) {
                    meters = byStatus.get(status - MIN_STATUS);
                    if (meters == null) {
                        meters = created(() -> new StatusMeters(route, status));
                        byStatus.set(status - MIN_STATUS, meters);
                    }
                }
            }
            return meters;
        }

        Sensor authFailures() {
            Sensor failures = authFailures;
            if (failures == null) {
                synchronized (this) {
                    failures = authFailures;
                    if (failures == null) {
                        failures = created(() -> meter("auth-failures-" + route, "auth-failure",
                                "Requests with missing or wrong credentials (401)", tags("route", route)));
                        authFailures = failures;
                    }
                }
            }
            return failures;
        }
    }

    /** The requests and bytes of one route and status. */
    private final class StatusMeters {
        private final Sensor requests;
        private final Sensor bytesIn;
        private final Sensor bytesOut;

        StatusMeters(String route, int status) {
            Map<String, String> tags = tags("route", route, "status", Integer.toString(status));
            String suffix = route + "-" + status;
            requests = meter("requests-" + suffix, "request", "Requests answered", tags);
            bytesIn = sensor("request-bytes-" + suffix);
            bytesIn.add(new Meter(name("request-byte-rate", "Request body bytes received per second", tags),
                    name("request-byte-total", "Request body bytes received", tags)));
            bytesOut = sensor("response-bytes-" + suffix);
            bytesOut.add(new Meter(name("response-byte-rate", "Response bytes sent per second", tags),
                    name("response-byte-total", "Response bytes sent", tags)));
        }
    }

    /**
     * Creates series on a request's thread: a closed task's plugin metrics refuse, and a request must not fail for
     * that.
     *
     * @return null when they could not be created
     */
    private <T> T created(Supplier<T> create) {
        try {
            return closed ? null : create.get();
        } catch (IllegalStateException | IllegalArgumentException e) {
            log.debug("Gateway metrics not recorded: {}", e.getMessage());
            return null;
        }
    }

    /** A sensor with {@code <noun>-rate} (per second) and {@code <noun>-total}. */
    private Sensor meter(String sensorName, String noun, String description, Map<String, String> tags) {
        Sensor sensor = sensor(sensorName);
        sensor.add(new Meter(new WindowedCount(), name(noun + "-rate", description + " per second", tags),
                name(noun + "-total", description, tags)));
        return sensor;
    }

    private Sensor sensor(String name) {
        String unique = sensorPrefix + name;
        Sensor sensor = metrics.addSensor(unique);
        sensors.add(unique);
        return sensor;
    }

    private <T> void gauge(String name, String description, Map<String, String> tags, Supplier<T> value) {
        MetricName metricName = name(name, description, tags);
        metrics.addMetric(metricName, (Gauge<T>) (config, now) -> value.get());
        gauges.add(metricName);
    }

    private MetricName name(String name, String description, Map<String, String> tags) {
        return metrics.metricName(name, description, new LinkedHashMap<>(tags));
    }

    /** Tags in the order given, which is their order in the JMX name after Connect's connector and task. */
    private static Map<String, String> tags(String... keysAndValues) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }
}
