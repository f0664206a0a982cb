package dev.hazina.harness;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's one child-JVM launcher: a Java main class in a child JVM with this JVM's java binary
 * and classpath (or one the caller names, {@link #launchOn}), its stdout and stderr appended to a log
 * file, its stdin an open pipe from this JVM
 * (so a child that watches stdin exits when this JVM dies).
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>{@link #launch} returns the bare {@link Process}, for callers that supervise it themselves
 *       (the broker, the storage formatter, the chaos harness's ledger instances);</li>
 *   <li>{@link #start} returns a named {@code ChildJvm} that logs to {@code <workDir>/<name>.log} and
 *       {@link #close()} stops it with SIGTERM, then SIGKILL after a grace period; a shutdown hook does
 *       the same if this JVM exits first (how the benchmark runs the ledger and the raw Kafka loop).</li>
 * </ul>
 *
 * <p>Surefire and failsafe run tests from a "manifest-only" booter jar whose manifest {@code Class-Path}
 * names the real jars. The child's classpath lists those jars explicitly, so it works there too.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread hook;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.hook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code mainClass} in a child JVM working in {@code workDir}, its output appended to
     * {@code logFile}. The caller owns the process.
     */
    public static Process launch(List<String> jvmOptions, String mainClass, List<String> args, Path workDir, Path logFile)
            throws IOException {
        return launch(jvmOptions, mainClass, args, workDir, logFile, Map.of());
    }

    /**
     * Like {@link #launch(List, String, List, Path, Path)}, on {@code classpath} instead of this JVM's
     * (e.g. the Connect worker's own classpath, {@code connectors/target/worker-lib/*}).
     */
    public static Process launchOn(List<String> classpath, List<String> jvmOptions, String mainClass, List<String> args,
                                   Path workDir, Path logFile) throws IOException {
        return launch(classpath, jvmOptions, mainClass, args, workDir, logFile, Map.of());
    }

    private static Process launch(List<String> jvmOptions, String mainClass, List<String> args, Path workDir,
                                  Path logFile, Map<String, String> environment) throws IOException {
        return launch(classpath(System.getProperty("java.class.path")), jvmOptions, mainClass, args, workDir, logFile,
            environment);
    }

    private static Process launch(List<String> classpath, List<String> jvmOptions, String mainClass, List<String> args,
                                  Path workDir, Path logFile, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Starts {@code mainClass} with {@code jvmOptions} and {@code args}, working in {@code workDir}
     * (created if need be) and logging to {@code <workDir>/<name>.log}; stopped by {@link #close()}.
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args,
                                 Path workDir, Map<String, String> environment) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        Process process = launch(jvmOptions, mainClass, args, workDir, log, environment);
        LOG.info("Started {} (pid {}), log {}", name, process.pid(), log);
        return new ChildJvm(name, process, log);
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The entries of {@code javaClassPath}, each followed by the existing jars its manifest's
     * {@code Class-Path} names, without duplicates.
     */
    static List<String> classpath(String javaClassPath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            entries.add(path.toString());
            if (path.toString().endsWith(".jar") && Files.isRegularFile(path)) {
                entries.addAll(manifestClassPath(path));
            }
        }
        return List.copyOf(entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return entries;
            }
            URI base = jar.toUri();
            for (String item : classPath.trim().split("\\s+")) {
                Path resolved = Path.of(base.resolve(item)).normalize();
                if (Files.exists(resolved)) {
                    entries.add(resolved.toString());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not a readable jar, or an entry that is not a file URI: use the entry as it is.
        }
        return entries;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the log holds {@code line}; fails if the child exits first or the timeout passes. */
    public void awaitLog(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logContains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                    + "last lines of " + logFile + ":\n" + logTail(30));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; last lines of " + logFile + ":\n"
            + logTail(30));
    }

    private boolean logContains(String line) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 30 s. Idempotent. */
    public synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) did not stop within {} s; killing it", name, process.pid(), STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        Workspace.removeShutdownHook(hook);
    }
}
