package dev.hazina.schemas;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Apicurio Registry built by the registry-server module, run as a child JVM on a free
 * loopback port with a small heap. Never on the test classpath: it is found by path. Shared with
 * other modules' integration tests through this module's test-jar.
 */
public final class ApicurioServer implements AutoCloseable {

    public static final String CCOMPAT = "/apis/ccompat/v7";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final String url;
    private final Thread shutdownHook;

    private ApicurioServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
        this.shutdownHook = new Thread(process::destroyForcibly, "apicurio-it-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the jar found in {@code jarDir} and waits until the ccompat API answers. */
    public static ApicurioServer start(Path jarDir, Path workDir) throws IOException, InterruptedException {
        Path jar = runnerJar(jarDir);
        int port = freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("apicurio-" + port + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", jar.toString());
        Process process = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        ApicurioServer server = new ApicurioServer(process, log, "http://127.0.0.1:" + port + CCOMPAT);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:40123/apis/ccompat/v7}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs anyway.
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Apicurio exited with code " + process.exitValue() + " before it was ready; "
                    + "log " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Apicurio did not answer " + url + "/subjects within " + READY_TIMEOUT.toSeconds()
            + " s; log " + log + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path runnerJar(Path jarDir) throws IOException {
        String hint = "Build it first: mvn -pl registry-server package (a plain `mvn verify` at the repository root "
            + "builds registry-server before schemas).";
        if (!Files.isDirectory(jarDir)) {
            throw new AssertionError("No Apicurio registry jar: " + jarDir.toAbsolutePath().normalize()
                + " does not exist. " + hint);
        }
        try (Stream<Path> files = Files.list(jarDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("No Apicurio registry jar (*-runner.jar) in "
                    + jarDir.toAbsolutePath().normalize() + ". " + hint));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public static Path dirProperty(String key, String fallback) {
        return new File(System.getProperty(key, fallback)).toPath();
    }
}
