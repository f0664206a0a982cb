package dev.hazina.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.stream.OpenAlerts;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopology;
import dev.hazina.topology.DescribeSnapshot;

/**
 * Keeps the reconciliation stream's {@code Topology#describe()} snapshot in docs/reconciliation.md
 * current. After a change to the topology, rerun with {@code -Dhazina.updateSnapshot=true} and commit the doc.
 */
class ReconciliationTopologyDescriptionTest {

    @Test
    void shouldMatchTheSnapshotInTheReconciliationDoc() throws IOException {
        ReconciliationConfig config = new ReconciliationConfig(Map.of(ReconciliationConfig.SCHEMA_REGISTRY_URL_CONFIG,
            "mock://reconciliation-describe"));
        DescribeSnapshot.check(ReconciliationTopology.build(config, new OpenAlerts()),
            Path.of("..", "docs", "reconciliation.md"), "reconciliation-topology-describe");
    }
}
