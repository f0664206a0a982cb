package dev.hazina.connectors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link ConnectWorker} in a child JVM of its own, on the classpath Maven assembles
 * in target/worker-lib, with a REST port of its own. {@link #kill} is kill -9.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private final List<String> command;
    private final Path logFile;
    private final int restPort;
    private Process process;

    private ConnectWorkerProcess(List<String> command, Path logFile, int restPort) {
        this.command = command;
        this.logFile = logFile;
        this.restPort = restPort;
    }

    static ConnectWorkerProcess start(Path connectorsDir, Path workerLib, Map<String, String> overrides, Path logFile)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-Dlog4j2.configurationFile=" + connectorsDir.resolve("connect-log4j2.properties"),
            "-cp", workerLib.toAbsolutePath() + "/*", ConnectWorker.class.getName(),
            connectorsDir.resolve("worker.properties").toString(), "listeners=http://127.0.0.1:" + port));
        overrides.forEach((key, value) -> command.add(key + "=" + value));
        ConnectWorkerProcess worker = new ConnectWorkerProcess(command, logFile, port);
        worker.launch();
        return worker;
    }

    URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    Path logFile() {
        return logFile;
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    synchronized void restart() throws IOException {
        launch();
    }

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
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
