package dev.hazina.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of {@code hazina bench}, a few seconds per system: the real broker and ledger JVMs,
 * the raw Kafka loop and PostgreSQL all start, take load, report, and stop. It checks the wiring and
 * the report, not the figures: those need the standard scenario on a quiet machine.
 */
class BenchCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldMeasureEverySystemAndWriteTheReport() throws Exception {
        // Given
        Path report = dir.resolve("report.json");

        // When
        int exit = BenchCommand.run("--scenario", "quick", "--accounts", "300", "--rates", "200", "--warmup", "1s",
            "--duration", "3s", "--points", "50", "--refine", "0", "--systems", "hazina,raw-kafka,postgres",
            "--no-profile", "--work-dir", dir.resolve("work").toString(), "--report", report.toString());

        // Then
        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.has("hazina_max_tps")).isTrue();
        assertThat(json.has("raw_kafka_max_tps")).isTrue();
        assertThat(json.has("postgres_max_tps")).isTrue();
        // request, legs, results, entries, changelogs: well over five records per transfer
        assertThat(json.get("records_per_transfer").asDouble()).isBetween(5.0, 40.0);
        for (JsonNode step : json.get("steps")) {
            assertThat(step.get("latency_ms").get("count").asLong()).as(step.toString()).isPositive();
            assertThat(step.get("processes")).isNotEmpty();
        }
        assertThat(json.get("steps")).extracting(step -> step.get("system").asText())
            .contains("hazina", "raw-kafka", "postgres");
    }
}
