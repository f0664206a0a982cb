package dev.hazina.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@code src/test/node/codec.js}, an independent Confluent wire-format implementation
 * (@kafkajs/confluent-schema-registry on avsc), installing its packages with {@code npm ci} first.
 * Missing node or npm is a test failure, never a skip: CI must install them.
 */
final class NodeCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;

    private NodeCodec(Path dir) {
        this.dir = dir;
    }

    /** Checks node and npm, then runs {@code npm ci} in {@code dir} unless its packages are installed. */
    static NodeCodec install(Path dir) throws IOException, InterruptedException {
        String nodeVersion = run(dir, null, 30, "node", "--version").trim();
        run(dir, null, 30, npm(), "--version");
        if (!Files.exists(dir.resolve("node_modules/@kafkajs/confluent-schema-registry/package.json"))) {
            run(dir, null, 300, npm(), "ci", "--no-audit", "--no-fund");
        }
        if (Integer.parseInt(nodeVersion.replaceAll("^v(\\d+).*", "$1")) < 18) {
            throw new AssertionError("Node.js " + nodeVersion + " is too old for the cross-language test; need 18+");
        }
        return new NodeCodec(dir);
    }

    /** Sends one instruction to codec.js and returns its JSON answer. */
    JsonNode call(JsonNode instruction) throws IOException, InterruptedException {
        return MAPPER.readTree(run(dir, MAPPER.writeValueAsString(instruction), 120, "node", "codec.js"));
    }

    private static String npm() {
        return System.getProperty("os.name").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }

    private static String run(Path dir, String input, int timeoutSeconds, String... command)
        throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-codec-", ".out");
        Path err = Files.createTempFile("node-codec-", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("'" + command[0] + "' is not installed or not on the PATH; the cross-language "
                    + "integration test needs Node.js 18+ with npm (apt-get install nodejs npm). Cause: "
                    + e.getMessage(), e);
            }
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
}
