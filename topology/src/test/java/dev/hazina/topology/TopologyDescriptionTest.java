package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Keeps the {@code Topology#describe()} snapshot in docs/architecture.md current. After a change
 * to the topology, rerun with {@code -Dhazina.updateSnapshot=true} to rewrite the snapshot, and
 * commit the doc with the change.
 */
class TopologyDescriptionTest {

    private static final Path DOC = Path.of("..", "docs", "architecture.md");
    private static final String BEGIN = "<!-- topology-describe:begin -->\n```\n";
    private static final String END = "```\n<!-- topology-describe:end -->";

    @Test
    void shouldMatchTheSnapshotInTheArchitectureDoc() throws IOException {
        // Given
        LedgerConfig config = new LedgerConfig(Map.of(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://describe"));
        String described = LedgerTopology.build(config).describe().toString().strip() + "\n";
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("snapshot markers in %s", DOC).isNotNegative();
        assertThat(end).isGreaterThan(begin);

        // When
        String snapshot = doc.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("hazina.updateSnapshot")) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + described + doc.substring(end));
            snapshot = described;
        }

        // Then
        assertThat(snapshot)
            .as("docs/architecture.md is stale; rerun with -Dhazina.updateSnapshot=true and commit it")
            .isEqualTo(described);
    }
}
