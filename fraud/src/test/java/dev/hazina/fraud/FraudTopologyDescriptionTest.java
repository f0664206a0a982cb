package dev.hazina.fraud;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.topology.DescribeSnapshot;

/**
 * Keeps the fraud stream's {@code Topology#describe()} snapshot in docs/fraud.md current. After a
 * change to the topology, rerun with {@code -Dhazina.updateSnapshot=true} and commit the doc.
 */
class FraudTopologyDescriptionTest {

    @Test
    void shouldMatchTheSnapshotInTheFraudDoc() throws IOException {
        FraudConfig config = new FraudConfig(Map.of("hazina.schema.registry.url", "mock://fraud-describe"));
        DescribeSnapshot.check(FraudTopology.build(config), Path.of("..", "docs", "fraud.md"), "fraud-topology-describe");
    }
}
