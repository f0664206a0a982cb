package dev.hazina.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.app.HazinaCommand;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** {@code hazina demo --with-connect}: what it refuses before it starts anything, and the sinks it reports on. */
class DemoConnectTest {

    @Test
    void shouldRefuseTheInProcessRegistryWithHowToStartARealOne() {
        // Given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // When
        int exit = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--with-connect");

        // Then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--with-connect needs a real schema registry",
            "--registry-url http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(out.toString()).as("nothing started").isEmpty();
    }

    @Test
    void shouldReportOnEverySinkOfTheConnectorFiles() throws Exception {
        // When
        var sinks = DemoConnect.sinks(Path.of("../connectors"));

        // Then
        LedgerConfig defaults = new LedgerConfig(Map.of());
        assertThat(sinks).containsExactly(
            new DemoConnect.Sink(defaults.topicName(TopicName.LEDGER_ENTRIES), "hazina_entries"),
            new DemoConnect.Sink("hazina.settlement-batches", "hazina_settlement_batches"),
            new DemoConnect.Sink(defaults.topicName(TopicName.SETTLEMENTS), "hazina_settlements"));
    }
}
