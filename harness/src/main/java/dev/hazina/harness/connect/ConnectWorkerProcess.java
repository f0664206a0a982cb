package dev.hazina.harness.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.hazina.harness.ChildJvm;
import dev.hazina.harness.FreePorts;

/**
 * The production Connect worker ({@code hazina connect run}, the connectors module's
 * {@code ConnectCommand}) in a child JVM of its own, on the worker's classpath ({@link ConnectFiles}),
 * with a REST port of its own on 127.0.0.1. {@link #kill} is kill -9; {@link #restart} starts the same
 * command again; {@link #deploy} runs {@code hazina connect deploy} against it in a child JVM too. The harness names the command by class name: the connectors module depends on the
 * harness, not the other way round.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    static final String MAIN_CLASS = "dev.hazina.connectors.ConnectCommand";

    private final ConnectFiles files;
    private final List<String> args;
    private final Path logFile;
    private final int restPort;
    private Process process;

    private ConnectWorkerProcess(ConnectFiles files, List<String> args, Path logFile, int restPort) {
        this.files = files;
        this.args = args;
        this.logFile = logFile;
        this.restPort = restPort;
    }

    /** Starts {@code hazina connect run} with {@code overrides} of worker.properties, logging to {@code logFile}. */
    public static ConnectWorkerProcess start(ConnectFiles files, Map<String, String> overrides, Path logFile)
            throws IOException {
        int port = FreePorts.freePort();
        List<String> args = new ArrayList<>(List.of("run",
            "--worker-config", files.connectorsDir().resolve("worker.properties").toString(),
            "--plugin-path", files.pluginPath().toAbsolutePath().toString(),
            "listeners=http://127.0.0.1:" + port));
        overrides.forEach((key, value) -> args.add(key + "=" + value));
        ConnectWorkerProcess worker = new ConnectWorkerProcess(files, List.copyOf(args), logFile, port);
        worker.launch();
        return worker;
    }

    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the worker's REST API lists connectors (its herder has joined the group). */
    public void awaitRest(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest list = HttpRequest.newBuilder(restUrl().resolve("/connectors")).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(list, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!isAlive()) {
                throw new IllegalStateException("The Connect worker exited; see " + logFile);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Connect REST API at " + restUrl() + " not ready within " + timeout + "; see " + logFile);
    }

    /**
     * {@code hazina connect deploy --connect-url <this worker> --files <connectors> args...} in a child JVM
     * on the worker's classpath, logging to {@code deployLog}; its output, or an exception with it when
     * it exits non-zero.
     */
    public String deploy(List<String> args, Path deployLog, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("deploy", "--connect-url", restUrl().toString(),
            "--files", files.connectorsDir().toAbsolutePath().toString()));
        command.addAll(args);
        Process deploy = ChildJvm.launchOn(classpath(), jvmOptions("-Xmx128m"), MAIN_CLASS, command,
            deployLog.toAbsolutePath().getParent(), deployLog);
        if (!deploy.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            deploy.destroyForcibly();
            throw new IOException("hazina connect deploy did not finish within " + timeout + "; see " + deployLog);
        }
        String output = Files.readString(deployLog, StandardCharsets.UTF_8);
        if (deploy.exitValue() != 0) {
            throw new IOException("hazina connect deploy exited " + deploy.exitValue() + ":\n" + output);
        }
        return output;
    }

    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public synchronized void restart() throws IOException {
        launch();
    }

    /** SIGTERM (Connect's own shutdown hook stops the worker), then SIGKILL after 30 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private synchronized void launch() throws IOException {
        process = ChildJvm.launchOn(classpath(), jvmOptions("-Xmx512m"), MAIN_CLASS, args,
            logFile.toAbsolutePath().getParent(), logFile);
    }

    private List<String> jvmOptions(String heap) {
        return List.of(heap, "-Dlog4j2.configurationFile=" + files.connectorsDir().resolve("connect-log4j2.properties"));
    }

    private List<String> classpath() {
        return List.of(files.workerLib().toAbsolutePath() + "/*");
    }
}
