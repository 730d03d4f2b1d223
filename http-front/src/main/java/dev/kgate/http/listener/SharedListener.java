package dev.kgate.http.listener;

import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.Refusal;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.Sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One Undertow server on one port, shared by every task of one connector on this worker. Each task joins with its
 * own handler (its own queue and settings); requests are spread over the active members round-robin. A stopping
 * task retires first (no new requests reach it) and leaves once its last answers are out; the server closes when
 * the last member has left.
 */
final class SharedListener implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SharedListener.class);
    private static final long DRAIN_ON_CLOSE_MS = 2_000;
    /** How long the answers to requests left unanswered get to go out before the connections close. */
    private static final long UNANSWERED_WRITE_MS = 500;
    private static final Refusal NO_TASK = new Refusal(503, "No task of this connector takes requests on this worker"
            + " right now (they are stopping or restarting): retry", 1);
    private static final Refusal LEFT_UNANSWERED = new Refusal(503, "Outcome unknown, the message may or may not be"
            + " in Kafka: the gateway's task stopped before answering this request; retry (with the same"
            + " Idempotency-Key, if it had one)", 1);

    private final ListenerSettings settings;
    private final String owner;
    /** The configuration of the task that opened it. */
    private final String generation;
    private final Undertow server;
    /** Exchanges not yet complete: closing waits for their answers, briefly, then answers those left itself. */
    private final Set<HttpServerExchange> unfinished = ConcurrentHashMap.newKeySet();
    private final ExchangeCompletionListener finished = (exchange, next) -> {
        unfinished.remove(exchange);
        next.proceed();
    };
    private final AtomicInteger next = new AtomicInteger();
    private final InputBudget budget;
    /** Every member, active or retired: the server stays open while any is here. */
    private final List<Member> joined = new ArrayList<>();
    /** The active members' handlers: the ones requests go to. */
    private volatile Member[] members = new Member[0];
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private SharedListener(ListenerSettings settings, String owner, String generation) {
        this.settings = settings;
        this.owner = owner;
        this.generation = generation;
        this.budget = new InputBudget(settings.limits().maxInputBytes());
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(settings.ioThreads())
                // Handlers never block: the worker pool only runs Undertow's own rare blocking tasks.
                .setWorkerThreads(2)
                // Bodies are bounded by the routes that read them (BodyReader): Undertow's own 2 MiB default would
                // cut a chunked body the route accepts, with a reset instead of an answer.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                // Set per response from HttpDate: Undertow's cached date can freeze after a listener closes.
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                // Slow clients: headers within the request timeout, and no idle keep-alive beyond the idle timeout.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.limits().requestTimeoutMs())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.limits().idleTimeoutMs())
                .setHandler(this);
        // One listener, never both: with TLS the port speaks only HTTPS and no plain-HTTP port is opened.
        if (settings.https()) {
            addHttpsListener(builder, settings);
        } else {
            builder.addHttpListener(settings.port(), settings.bindAddress());
        }
        this.server = builder.build();
    }

    /** Protocols, cipher suites and client certificates go to every SSL engine Undertow makes for the port. */
    private static void addHttpsListener(Undertow.Builder builder, ListenerSettings settings) {
        TlsSettings tls = settings.tls();
        builder.addHttpsListener(settings.port(), settings.bindAddress(), tls.context())
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, tls.clientAuth().xnioMode());
        if (!tls.protocols().isEmpty()) {
            builder.setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(tls.protocols()));
        }
        if (!tls.cipherSuites().isEmpty()) {
            builder.setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(tls.cipherSuites()));
        }
    }

    static SharedListener open(ListenerSettings settings, String owner, String generation) {
        SharedListener listener = new SharedListener(settings, owner, generation);
        long start = System.nanoTime();
        try {
            listener.server.start();
        } catch (RuntimeException e) {
            listener.server.stop();
            throw new ListenerBindException("Cannot open the HTTP listener on " + settings.describe()
                    + ": port " + settings.port() + " is held by another process, or the address is not local ("
                    + e.getMessage() + ")", e);
        }
        String tls = settings.https() ? " (" + settings.tls().describe() + ")" : "";
        log.info("HTTP listener for connector '{}' open on {}{} in {} ms", owner, settings.describe(), tls,
                (System.nanoTime() - start) / 1_000_000);
        return listener;
    }

    ListenerSettings settings() {
        return settings;
    }

    String owner() {
        return owner;
    }

    String generation() {
        return generation;
    }

    /** A task's place here; {@code generation} tells its configuration from a later one's. */
    static final class Member {
        final HttpHandler handler;
        /** False while the task is paused, stalled or full: requests go to another member if one takes work. */
        final BooleanSupplier takesWork;
        final String generation;
        boolean active = true;

        Member(HttpHandler handler, BooleanSupplier takesWork, String generation) {
            this.handler = handler;
            this.takesWork = takesWork;
            this.generation = generation;
        }
    }

    synchronized void add(Member member) {
        joined.add(member);
        refresh();
    }

    /** Sends no more requests to the member; it stays until it leaves. */
    synchronized void retire(Member member) {
        member.active = false;
        refresh();
    }

    /** Retires every member of another generation: tasks of an older configuration, whose stop may still run. */
    synchronized int retireOtherGenerations(String generation) {
        int retired = 0;
        for (Member member : joined) {
            if (member.active && !member.generation.equals(generation)) {
                member.active = false;
                retired++;
            }
        }
        refresh();
        return retired;
    }

    /** @return true when no member is left */
    synchronized boolean remove(Member member) {
        joined.remove(member);
        refresh();
        return joined.isEmpty();
    }

    private void refresh() {
        members = joined.stream().filter(m -> m.active).toArray(Member[]::new);
    }

    synchronized int memberCount() {
        return members.length;
    }

    /** Completes once the server is closed and its port free. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        unfinished.add(exchange);
        exchange.addExchangeCompleteListener(finished);
        exchange.getResponseHeaders().put(Headers.DATE, HttpDate.now());
        Member[] current = members;
        if (current.length == 0) {
            // Every task here is stopping (a restart, a config update) and finishing its last answers.
            ApiShape.ofPath(exchange.getRequestPath()).refuse(exchange, NO_TASK);
            return;
        }
        budget.attachTo(exchange);
        chosen(current).handler.handleRequest(exchange);
    }

    /**
     * Round-robin, passing over a task that takes no work (paused, stalled, its queue full) while another one does:
     * its requests would only be refused, and {@code /ready} would answer 503 for a worker that has room. When none
     * takes work, each answers its own refusal in turn.
     */
    private Member chosen(Member[] current) {
        int first = next.getAndIncrement();
        Member member = current[Math.floorMod(first, current.length)];
        for (int i = 1; i < current.length && !member.takesWork.getAsBoolean(); i++) {
            member = current[Math.floorMod(first + i, current.length)];
        }
        return member;
    }

    /**
     * Lets the exchanges still open finish writing their answers for a moment, then closes every connection. No
     * member is left by then, so a request arriving meanwhile gets the 503 above, in its API's shape, with
     * {@code Retry-After} (Undertow's own graceful shutdown would answer a bare 503). A request that no member
     * answered by then gets a 503 "outcome unknown" rather than a cut connection: every request ends with an answer.
     */
    void close() {
        awaitAnswers(DRAIN_ON_CLOSE_MS);
        int unanswered = answerUnanswered();
        if (unanswered > 0) {
            log.warn("HTTP listener for connector '{}' on {}: {} request(s) were still unanswered when its last task"
                    + " left; answered 503 (outcome unknown)", owner, settings.describe(), unanswered);
            awaitAnswers(UNANSWERED_WRITE_MS);
        }
        server.stop();
        closed.complete(null);
        log.info("HTTP listener for connector '{}' on {} closed", owner, settings.describe());
    }

    private void awaitAnswers(long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        try {
            while (!unfinished.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many requests had no answer started; each gets one on its own I/O thread */
    private int answerUnanswered() {
        int count = 0;
        for (HttpServerExchange exchange : unfinished) {
            if (!exchange.isResponseStarted()) {
                count++;
                // On the exchange's I/O thread, where a member's late answer would run too: the first one wins.
                exchange.getIoThread().execute(() -> {
                    if (!exchange.isResponseStarted()) {
                        ApiShape.ofPath(exchange.getRequestPath()).refuse(exchange, LEFT_UNANSWERED);
                    }
                });
            }
        }
        return count;
    }
}
