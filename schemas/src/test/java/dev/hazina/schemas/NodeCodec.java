package dev.hazina.schemas;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@code src/test/node/codec.js}, an independent Confluent wire-format implementation
 * (@kafkajs/confluent-schema-registry on avsc), installing its packages with {@code npm ci} first
 * ({@link NodeProject}: missing node or npm is a test failure, never a skip).
 */
final class NodeCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final NodeProject project;

    private NodeCodec(NodeProject project) {
        this.project = project;
    }

    /** Checks node and npm, then runs {@code npm ci} in {@code dir} unless its packages are installed. */
    static NodeCodec install(Path dir) throws IOException, InterruptedException {
        return new NodeCodec(NodeProject.install(dir, "@kafkajs/confluent-schema-registry"));
    }

    /** Sends one instruction to codec.js and returns its JSON answer. */
    JsonNode call(JsonNode instruction) throws IOException, InterruptedException {
        return MAPPER.readTree(project.run(MAPPER.writeValueAsString(instruction), 120, "node", "codec.js"));
    }
}
