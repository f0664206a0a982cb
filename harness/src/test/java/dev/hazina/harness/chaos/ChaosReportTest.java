package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosReportTest {

    @TempDir
    Path dir;

    @Test
    void shouldBuildTheReportByName() {
        // When
        ChaosReport report = ChaosReport.builder()
            .submitted(15_000)
            .setupRequests(2_000)
            .kills(3)
            .failoverSeconds(List.of(4.5, 6.0, 5.1))
            .maxFailoverSeconds(6.0)
            .seed(7)
            .rate(100)
            .violations(List.of())
            .build();

        // Then
        assertThat(report.submitted()).isEqualTo(15_000);
        assertThat(report.setupRequests()).isEqualTo(2_000);
        assertThat(report.kills()).isEqualTo(3);
        assertThat(report.failoverSeconds()).containsExactly(4.5, 6.0, 5.1);
        assertThat(report.maxFailoverSeconds()).isEqualTo(6.0);
        assertThat(report.seed()).isEqualTo(7);
        assertThat(report.rate()).isEqualTo(100);
        assertThat(report.brokerRestarts()).isZero();
        assertThat(report.outcomes()).isEmpty();
        assertThat(report.rollingRestart()).isNull();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void shouldFailWithAViolationAndKeepTheJsonNames() throws IOException {
        // Given
        ChaosReport report = ChaosReport.builder()
            .deadLetters(Map.of("UNREADABLE", 2L))
            .latencyMs(new ChaosReport.Latency(10, 20, 30, 4))
            .violations(List.of("INSTANCE_STOPPED instance-1: stopped by itself"))
            .build();
        Path file = dir.resolve("report.json");

        // When
        report.writeJson(file);

        // Then
        assertThat(report.ok()).isFalse();
        assertThat(Files.readString(file))
            .contains("\"setup_requests\"", "\"dead_letters\"", "\"failover_seconds\"", "\"rolling_restart\"",
                "\"latency_ms\"", "\"rate_tps\"", "\"duration_s\"", "\"violations\"")
            .doesNotContain("\"builder\"");
    }
}
