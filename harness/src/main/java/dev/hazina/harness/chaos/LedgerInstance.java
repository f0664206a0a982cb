package dev.hazina.harness.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.ChildJvm;

/**
 * One ledger instance of the chaos harness: a child JVM running {@code hazina run --config FILE
 * --register-schemas}, the production entry point, through {@link LedgerChildMain}. It can be started,
 * killed as by {@code kill -9} ({@link #kill()}), stopped gracefully with SIGTERM ({@link #terminate})
 * and started again on the same config and state dir, as a process supervisor would.
 *
 * <p>Its stdout and stderr go to {@code instance.log} in its folder; readiness is the line
 * {@code hazina run} prints once Kafka Streams is RUNNING.
 */
final class LedgerInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerInstance.class);
    /** What {@code hazina run} prints once the ledger is RUNNING. */
    static final String READY_LINE = "Hazina ledger running";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Path dir;
    private final Path configFile;
    private final List<String> jvmOptions;
    private Process process;
    private long launchedAtLogOffset;
    private long launchedAtMs;
    private int launches;
    private volatile boolean expectedDown = true;
    private volatile boolean readyLogged;

    LedgerInstance(String name, Path dir, Path configFile, List<String> jvmOptions) {
        this.name = name;
        this.dir = dir;
        this.configFile = configFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    String name() {
        return name;
    }

    Path logFile() {
        return dir.resolve("instance.log");
    }

    /** Launches the JVM (without waiting for it to be ready). */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(dir);
            launchedAtLogOffset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
            process = ChildJvm.launch(jvmOptions, LedgerChildMain.class.getName(),
                List.of("run", "--config", configFile.toString(), "--register-schemas"), dir, logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ledger instance " + name, e);
        }
        launchedAtMs = System.currentTimeMillis();
        launches++;
        expectedDown = false;
        readyLogged = false;
        LOG.info("Started {} (pid {}, launch {})", name, process.pid(), launches);
    }

    /** Blocks until this launch printed {@link #READY_LINE}; fails if the JVM exits or the timeout passes. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!readySinceLaunch()) {
            Process current = current();
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + current.exitValue()
                    + " before it was running. Last lines of " + logFile() + ":\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not running within " + timeout + ". Last lines of "
                    + logFile() + ":\n" + logTail(30));
            }
            Thread.sleep(100);
        }
        if (!readyLogged) {
            readyLogged = true;
            LOG.info("{} is running ({} ms after launch)", name, System.currentTimeMillis() - launchedAtMs);
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no commit, no leave-group. Waits until the JVM is gone. */
    synchronized void kill() {
        expectedDown = true;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Killed {} (pid {}) with SIGKILL", name, process.pid());
    }

    /**
     * SIGTERM, as a process supervisor stopping a service, and waits for the exit; SIGKILL after
     * {@code timeout}. Returns the exit code, or -1 when it had to be killed.
     */
    synchronized int terminate(Duration timeout) throws InterruptedException {
        expectedDown = true;
        if (process == null) {
            return 0;
        }
        if (!process.isAlive()) {
            return process.exitValue();
        }
        // SIGTERM through the process handle: Process.destroy() would also close the parent-alive pipe.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} did not stop within {} after SIGTERM; killing it", name, timeout);
            kill();
            return -1;
        }
        return process.exitValue();
    }

    /** True when the JVM is running. */
    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True when the JVM has exited although nobody killed or stopped it: the ledger stopped by itself. */
    synchronized boolean diedUnexpectedly() {
        return !expectedDown && process != null && !process.isAlive();
    }

    /** Marks an unexpected exit as seen, so it is reported once; returns the exit code. */
    synchronized int acknowledgeExit() {
        expectedDown = true;
        return process.exitValue();
    }

    synchronized long pid() {
        return current().pid();
    }

    int launches() {
        return launches;
    }

    /** The last {@code lines} lines of the instance log (read whole: only called when something went wrong). */
    String logTail(int lines) {
        Deque<String> tail = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(logFile(), StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
        return String.join("\n", tail);
    }

    /** Stops the instance: SIGTERM, then SIGKILL after 30 s. Never throws. */
    @Override
    public void close() {
        try {
            terminate(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed: {}", name, e.toString());
        }
    }

    private synchronized Process current() {
        if (process == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return process;
    }

    private boolean readySinceLaunch() {
        long offset;
        synchronized (this) {
            offset = launchedAtLogOffset;
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile().toFile(), "r")) {
            if (file.length() <= offset) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 4L << 20)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(READY_LINE);
        } catch (IOException e) {
            return false;
        }
    }
}
