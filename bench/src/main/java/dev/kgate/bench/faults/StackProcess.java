package dev.kgate.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One piece of the stack ({@code dev.kgate.stack.StackPart}: the broker or a Connect worker) in a JVM of its own,
 * so that it can be killed with SIGKILL or stopped with SIGTERM alone, and started again with the same settings.
 * Its output is appended to {@code <run dir>/<name>.log} across restarts.
 */
final class StackProcess {

    private static final List<StackProcess> ALL = new ArrayList<>();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    StackProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = log;
        synchronized (ALL) {
            ALL.add(this);
        }
    }

    String name() {
        return name;
    }

    /** Starts the process and waits until it prints "ready". */
    void start() throws IOException, InterruptedException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.readString(log).substring((int) logStart).contains(" ready")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not start within 120 s; see " + log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The process ids of every piece started so far, for the launching script's cleanup if this JVM is killed. */
    static String pids() {
        StringBuilder pids = new StringBuilder();
        synchronized (ALL) {
            for (StackProcess piece : ALL) {
                if (piece.process != null && piece.process.isAlive()) {
                    pids.append(piece.process.pid()).append('\n');
                }
            }
        }
        return pids.toString();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the group. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the process's shutdown hook stops it as an operator's stop would. */
    void stopGracefully() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException(name + " did not stop within 90 s of SIGTERM; see " + log);
        }
    }

    /** Kills every piece still running: at the end of a run and when the suite itself is stopped. */
    static void killAll() {
        synchronized (ALL) {
            for (StackProcess piece : ALL) {
                if (piece.process != null && piece.process.isAlive()) {
                    piece.process.destroyForcibly();
                }
            }
        }
    }
}
