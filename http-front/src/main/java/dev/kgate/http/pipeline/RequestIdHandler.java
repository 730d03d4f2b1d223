package dev.kgate.http.pipeline;

import dev.kgate.http.access.Principal;
import dev.kgate.http.metrics.ExchangeMeasurement;
import dev.kgate.http.metrics.ExchangeRoutes;
import dev.kgate.http.metrics.GatewayMetrics;
import dev.kgate.http.metrics.RequestBytes;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The first step of every request: its id (the client's {@code X-Request-Id} when it is a plain token, a fresh one
 * otherwise), echoed in the answer so a client and an operator can name the same request; its measurement for the
 * {@link GatewayMetrics} when it ends; and, where enabled, one access log line when it ends, on its own logger
 * ({@value #ACCESS_LOGGER}) so that it can be routed and levelled apart. The line carries no credentials, query string
 * or payload.
 */
public final class RequestIdHandler implements HttpHandler {

    public static final String ACCESS_LOGGER = "dev.kgate.access";
    public static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    private static final AttachmentKey<String> ID = AttachmentKey.create(String.class);
    /** A client's id is kept only when it cannot smuggle anything into a log line or a header. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
    /**
     * Fresh ids are a random half drawn once and a counter, in UUID form: unique, and no SecureRandom draw (with its
     * lock) on every request. They identify requests; they are not secrets.
     */
    private static final long ID_PREFIX = UUID.randomUUID().getMostSignificantBits();
    private static final AtomicLong ID_COUNTER = new AtomicLong(UUID.randomUUID().getLeastSignificantBits());

    private final boolean accessLog;
    private final ExchangeMeasurement measurement;
    private final HttpHandler next;

    public RequestIdHandler(boolean accessLog, HttpHandler next) {
        this(accessLog, GatewayMetrics.NONE, next);
    }

    public RequestIdHandler(boolean accessLog, GatewayMetrics metrics, HttpHandler next) {
        this.accessLog = accessLog;
        this.measurement = new ExchangeMeasurement(metrics);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String offered = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        String id = offered != null && PLAIN.matcher(offered).matches() ? offered
                : new UUID(ID_PREFIX, ID_COUNTER.incrementAndGet()).toString();
        exchange.putAttachment(ID, id);
        exchange.getResponseHeaders().put(REQUEST_ID, id);
        measurement.measure(exchange);
        if (accessLog && access.isInfoEnabled()) {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                log(ex, id, start);
                nextListener.proceed();
            });
        }
        next.handleRequest(exchange);
    }

    /** @return the id the pipeline gave this request, or null before it ran */
    public static String idOf(HttpServerExchange exchange) {
        return exchange.getAttachment(ID);
    }

    /** A path as it may go into a log line: no control characters (no forged lines), at most 200 characters. */
    static String printable(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), 200));
        for (int i = 0; i < path.length() && out.length() < 200; i++) {
            char c = path.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }

    private static void log(HttpServerExchange exchange, String id, long start) {
        Principal principal = Principal.find(exchange);
        access.info("{} {} {} {} route={} principal={} in={} out={} ms={} id={}",
                exchange.getSourceAddress() == null ? "-" : exchange.getSourceAddress().getAddress().getHostAddress(),
                exchange.getRequestMethod(), printable(exchange.getRequestPath()), exchange.getStatusCode(),
                ExchangeRoutes.templateOf(exchange), principal == null ? "-" : printable(principal.name()),
                RequestBytes.of(exchange), exchange.getResponseBytesSent(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), id);
    }
}
