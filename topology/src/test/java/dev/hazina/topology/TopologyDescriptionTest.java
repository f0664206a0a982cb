package dev.hazina.topology;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Keeps the {@code Topology#describe()} snapshot in docs/architecture.md current. After a change
 * to the topology, rerun with {@code -Dhazina.updateSnapshot=true} to rewrite the snapshot, and
 * commit the doc with the change.
 */
class TopologyDescriptionTest {

    @Test
    void shouldMatchTheSnapshotInTheArchitectureDoc() throws IOException {
        LedgerConfig config = new LedgerConfig(Map.of(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://describe"));
        DescribeSnapshot.check(LedgerTopology.build(config), Path.of("..", "docs", "architecture.md"), "topology-describe");
    }
}
