package dev.hazina.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js project that a Java test runs: its folder holds a {@code package.json} and a committed
 * {@code package-lock.json}, and {@link #install} runs {@code npm ci} when its packages are missing.
 * Missing node or npm is a test failure, never a skip: CI must install them. Shared with other
 * modules' integration tests through the test-jar.
 */
public final class NodeProject {

    private static final String APT_HINT = "Node.js 18+ with npm (apt-get install nodejs npm)";

    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks node (18+) and npm, then runs {@code npm ci} in {@code dir} unless
     * {@code node_modules/<marker>/package.json} is there already.
     */
    public static NodeProject install(Path dir, String marker) throws IOException, InterruptedException {
        NodeProject project = new NodeProject(dir);
        String nodeVersion = project.run(null, 30, "node", "--version").trim();
        project.run(null, 30, npm(), "--version");
        if (!Files.exists(dir.resolve("node_modules").resolve(marker).resolve("package.json"))) {
            project.run(null, 300, npm(), "ci", "--no-audit", "--no-fund");
        }
        if (Integer.parseInt(nodeVersion.replaceAll("^v(\\d+).*", "$1")) < 18) {
            throw new AssertionError("Node.js " + nodeVersion + " in " + dir + " is too old; need " + APT_HINT);
        }
        return project;
    }

    /** Runs {@code command} in the project folder with {@code input} on stdin; its stdout, or a failure. */
    public String run(String input, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-", ".out");
        Path err = Files.createTempFile("node-", ".err");
        try {
            // stdout goes to a file, so a chatty command cannot block on a full pipe.
            Process process = launch(builder(command).redirectOutput(out.toFile()).redirectError(err.toFile()), command);
            try (OutputStream in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " in " + dir + " failed with exit code "
                    + process.exitValue() + ":\n" + Files.readString(err, StandardCharsets.UTF_8) + stdout);
            }
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts {@code command} in the project folder with stdin and stdout as pipes and stderr to
     * {@code stderr}; a command that is not installed is a failure that says what to install.
     */
    public Process start(Path stderr, String... command) {
        return launch(builder(command).redirectError(stderr.toFile()), command);
    }

    private ProcessBuilder builder(String... command) {
        return new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
    }

    private static Process launch(ProcessBuilder builder, String... command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("'" + command[0] + "' is not installed or not on the PATH; this integration test "
                + "needs " + APT_HINT + ". Cause: " + e.getMessage(), e);
        }
    }

    private static String npm() {
        return System.getProperty("os.name").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }
}
