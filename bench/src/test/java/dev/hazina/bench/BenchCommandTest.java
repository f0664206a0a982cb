package dev.hazina.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void shouldParseShortAndIsoDurations() {
        assertThat(BenchCommand.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(BenchCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(BenchCommand.parseDuration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchCommand.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldRunEverySystemInTheStandardScenarioFor60SecondsPerStep() {
        Scenario standard = Scenario.named("standard");

        assertThat(standard.accounts()).isEqualTo(100_000);
        assertThat(standard.measure()).isEqualTo(Duration.ofSeconds(60));
        assertThat(standard.systems()).containsExactly("hazina", "raw-kafka", "postgres", "postgres-async");
        assertThat(standard.rates()).startsWith(2_000, 4_000, 8_000, 12_000, 16_000);
        assertThat(standard.points()).containsExactly(50, 80);
    }

    @Test
    void shouldRefuseUnknownScenariosAndSystems() {
        assertThatThrownBy(() -> Scenario.named("fast")).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> Scenario.named("quick").withSystems(List.of("mysql")))
            .hasMessageContaining("unknown system");
    }

    @Test
    void shouldExitWithUsageOnABadOption() {
        assertThat(BenchCommand.run("--no-such-option")).isEqualTo(2);
    }
}
