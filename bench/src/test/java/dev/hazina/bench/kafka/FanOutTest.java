package dev.hazina.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanOutTest {

    @TempDir
    Path dir;

    @Test
    void shouldMirrorHazinasTopicsWithTheRequestsAsInputAndLegsAndResultsInTheirRoles() {
        // Given: what a Hazina step wrote per transfer
        Map<String, Double> perTransfer = Map.of(
            "hazina.transfer-requests", 1.0,
            "hazina.ledger-legs", 1.9,
            "hazina.transfer-results", 1.01,
            "hazina.ledger-entries", 6.5,
            "hazina-bench-hazina-accounts-changelog", 4.4,
            "hazina.account-events", 0.0);
        Map<String, Double> bytes = Map.of("hazina.ledger-entries", 86.0, "hazina.ledger-legs", 84.0);

        // When
        FanOut fanOut = FanOut.fromHazina(perTransfer, bytes, "hazina.transfer-requests", "hazina.ledger-legs",
            "hazina.transfer-results");

        // Then
        assertThat(fanOut.outputs()).extracting(FanOut.Output::topic).containsExactlyInAnyOrder(FanOut.LEGS,
            FanOut.RESULTS, "raw.hazina.ledger-entries", "raw.hazina-bench-hazina-accounts-changelog");
        assertThat(fanOut.recordsPerTransfer()).isCloseTo(1.9 + 1.01 + 6.5 + 4.4,
            org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fanOut.outputs()).filteredOn(FanOut.Output::compacted).extracting(FanOut.Output::topic)
            .containsExactly("raw.hazina-bench-hazina-accounts-changelog");
        assertThat(fanOut.outputs()).filteredOn(o -> o.topic().equals(FanOut.LEGS)).first()
            .extracting(FanOut.Output::bytes).isEqualTo(84);
    }

    @Test
    void shouldReadBackWhatItWrote() throws Exception {
        // Given
        FanOut fanOut = new FanOut(java.util.List.of(new FanOut.Output(FanOut.RESULTS, 1.0, 93, false),
            new FanOut.Output("raw.x-changelog", 4.4213, 72, true)));
        Path file = dir.resolve("fanout.txt");

        // When
        fanOut.write(file);

        // Then
        assertThat(FanOut.read(file)).isEqualTo(fanOut);
    }
}
