package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real schema registry for integration tests: Apicurio Registry 2.6 (in-memory storage) run from the runner jar
 * that Maven unpacks before the integration tests (system property {@value #JAR_PROPERTY}), as a child process of
 * the test JVM on a free port of 127.0.0.1. It answers Apicurio's own API at {@link #url()} and the
 * Confluent-compatible one at {@link #confluentUrl()}; its log goes to {@code target/schema-registry-<port>.log}.
 *
 * <p>The registry must not outlive the tests. {@link #close()} stops it, and so does a shutdown hook when the test
 * JVM exits without closing it (normal exit, SIGTERM, SIGINT). For a test JVM killed outright (SIGKILL, a crash)
 * the registry runs under a small {@code /bin/sh} watchdog that holds the read end of a pipe whose only write end is
 * in the test JVM: when the test JVM is gone, the pipe reaches end-of-file and the watchdog stops the registry.
 * Limits: it needs {@code /bin/sh} and {@code cat} (Linux, macOS); a registry stopped by SIGTERM gets Quarkus's
 * graceful shutdown and is killed after {@link #STOP_TIMEOUT} by {@link #close()} only, not by the watchdog; and
 * killing the watchdog shell itself with SIGKILL leaves the registry running until the test JVM closes the pipe.
 */
final class SchemaRegistryServer implements AutoCloseable {

    static final String JAR_PROPERTY = "kgate.it.registry.jar";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts "$@" in the background, stops it when stdin reaches EOF, and exits with its status. */
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null &
            registry=$!
            { cat <&3 >/dev/null; kill "$registry" 2>/dev/null; } &
            watch=$!
            exec 3<&-
            wait "$registry"
            status=$?
            kill "$watch" 2>/dev/null
            exit "$status"
            """;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    private final long launched;
    private Duration startup;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SchemaRegistryServer(Process process, int port, Path log, Thread shutdownHook, long launched) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = shutdownHook;
        this.launched = launched;
    }

    /**
     * Starts a registry and waits until {@code /health/ready} answers 200, at most {@link #READY_TIMEOUT}. A start
     * that loses its free port to another process is retried on another port.
     *
     * @throws IllegalStateException when the runner jar is missing, or the registry exits or is not ready in time
     *                               (with the tail of its log)
     */
    static SchemaRegistryServer start() throws IOException, InterruptedException {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return launch().awaitReady();
            } catch (PortTakenException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** Starts a registry process on a free port without waiting for it. */
    private static SchemaRegistryServer launch() throws IOException {
        Path jar = runnerJar();
        int port = GatewayCluster.freePort();
        // target/apicurio-registry/<runner jar> -> target/schema-registry-<port>.log
        Path log = jar.toAbsolutePath().getParent().resolveSibling("schema-registry-" + port + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of("/bin/sh", "-c", WATCHDOG, "schema-registry",
                java, "-Xmx256m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-jar", jar.toString());
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Thread hook = new Thread(() -> stop(process), "schema-registry-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new SchemaRegistryServer(process, port, log, hook, launched);
    }

    private static Path runnerJar() {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: run the integration "
                    + "tests through Maven (failsafe sets it), or set it to Apicurio Registry's runner jar");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: the build unpacks it in the pre-integration-test "
                    + "phase (mvn verify), which -DskipITs skips");
        }
        return jar;
    }

    /**
     * Waits until {@code /health/ready} answers 200, at most {@link #READY_TIMEOUT}.
     *
     * @throws IllegalStateException when the registry exits or is not ready in time, with the tail of its log (the
     *                               registry is stopped then)
     */
    private SchemaRegistryServer awaitReady() throws InterruptedException {
        try {
            waitForReady();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - launched);
        return this;
    }

    private void waitForReady() throws InterruptedException {
        long deadline = launched + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                String tail = logTail();
                String message = "schema registry on port " + port + " exited with status " + process.exitValue()
                        + " before it was ready; the end of " + log + ":\n" + tail;
                throw tail.contains("Port " + port) || tail.contains("already in use")
                        ? new PortTakenException(message) : new IllegalStateException(message);
            }
            try {
                if (send(request("/health/ready").GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("schema registry on port " + port + " not ready after "
                + READY_TIMEOUT.toSeconds() + " s; the end of " + log + ":\n" + logTail());
    }

    /** Apicurio's own REST API (v2), the URL of {@code apicurio.registry.url}. */
    String url() {
        return base() + "/apis/registry/v2";
    }

    /** The Confluent-compatible API (v7), for clients of Confluent's Schema Registry. */
    String confluentUrl() {
        return base() + "/apis/ccompat/v7";
    }

    int port() {
        return port;
    }

    /** From the start of the process to the first ready answer. */
    Duration startup() {
        return startup;
    }

    /** The resident memory of the registry's JVM in KiB (from /proc), or -1 where that cannot be read. */
    long residentKiB() {
        for (ProcessHandle handle : process.descendants().toList()) {
            if (handle.info().command().map(c -> c.endsWith("java")).orElse(false)) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(handle.pid()), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            return Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    // --- Apicurio's API. Artifacts written without a group (as the serdes do by default) are in group "default".

    /** The ids of every artifact, in every group. */
    List<String> artifactIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        getJson(url() + "/search/artifacts?limit=1000").get("artifacts").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    /** The latest version's content of an artifact in group "default" (for Avro: the schema's JSON text). */
    String latestSchema(String artifactId) throws IOException, InterruptedException {
        return latestSchema("default", artifactId);
    }

    String latestSchema(String groupId, String artifactId) throws IOException, InterruptedException {
        return getText(url() + "/groups/" + encode(groupId) + "/artifacts/" + encode(artifactId));
    }

    /** The metadata of an artifact's latest version: {@code type}, {@code version}, {@code globalId}, {@code contentId}... */
    JsonNode artifactMetadata(String artifactId) throws IOException, InterruptedException {
        return getJson(url() + "/groups/default/artifacts/" + encode(artifactId) + "/meta");
    }

    /** How many versions an artifact in group "default" has. */
    int versionCount(String artifactId) throws IOException, InterruptedException {
        return getJson(url() + "/groups/default/artifacts/" + encode(artifactId) + "/versions?limit=1000")
                .get("count").asInt();
    }

    /** The content registered under a content id (the id in Confluent's framing with use-id=contentId). */
    String schemaByContentId(long contentId) throws IOException, InterruptedException {
        return getText(url() + "/ids/contentIds/" + contentId);
    }

    /** The content of the artifact version with this global id (the id Apicurio's serdes write by default). */
    String schemaByGlobalId(long globalId) throws IOException, InterruptedException {
        return getText(url() + "/ids/globalIds/" + globalId);
    }

    // --- The Confluent-compatible API: a subject is an artifact of group "default".

    List<String> subjects() throws IOException, InterruptedException {
        List<String> subjects = new ArrayList<>();
        getJson(confluentUrl() + "/subjects").forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    /** The schema text of a subject's latest version. */
    String latestSubjectSchema(String subject) throws IOException, InterruptedException {
        return getJson(confluentUrl() + "/subjects/" + encode(subject) + "/versions/latest").get("schema").asText();
    }

    /** How many versions a subject has. */
    int subjectVersionCount(String subject) throws IOException, InterruptedException {
        return getJson(confluentUrl() + "/subjects/" + encode(subject) + "/versions").size();
    }

    private JsonNode getJson(String url) throws IOException, InterruptedException {
        return JSON.readTree(getText(url));
    }

    private String getText(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the registry and its watchdog and waits for them; safe to call twice. */
    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** SIGTERM to the watchdog and everything under it, SIGKILL to what is still there after the timeout. */
    private static void stop(Process process) {
        // Taken before the watchdog goes: after that the registry would no longer be among its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        try {
            process.getOutputStream().close(); // the watchdog's end-of-file
        } catch (IOException ignored) {
            // already closed
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                tree.forEach(ProcessHandle::destroyForcibly);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
