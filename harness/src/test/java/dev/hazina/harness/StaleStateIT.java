package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.topology.LedgerConfig;

/**
 * The README's local pieces run against one cluster, then against a rebuilt one, with the same
 * state directory. Once the new cluster's changelogs have grown past the old state's checkpoint,
 * Kafka Streams accepts that state: accounts from the old cluster would exist on the new one.
 */
class StaleStateIT {

    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("stale-state");

    @Test
    void shouldNotKnowAnAccountOfTheOldClusterOnARebuiltOne() throws Exception {
        // Given: a ledger that opened "zed" and a few more on a first cluster, then stopped with it
        Files.createDirectories(WORK);
        Path state = WORK.resolve("state-" + UUID.randomUUID());
        try (KafkaBroker first = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "first")))) {
            Path config = configFile("first", first, state);
            runLedger(config, "zed", "old-1", "old-2");
        }

        try (KafkaBroker second = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "second")))) {
            // And: on a fresh cluster another instance's changelogs grew past the old state's checkpoint
            Path elsewhere = configFile("second-elsewhere", second, WORK.resolve("state-" + UUID.randomUUID()));
            String[] many = new String[12];
            for (int i = 0; i < many.length; i++) {
                many[i] = "new-" + i;
            }
            runLedger(elsewhere, many);

            // When: the instance with the old state directory starts on the new cluster
            Path config = configFile("second", second, state);

            // Then: "zed" is opened here as the new account it is
            runLedger(config, "zed");
        }
    }

    /** Starts the ledger on {@code config}, opens each account (each must be accepted) and stops it. */
    private static void runLedger(Path config, String... accounts) throws Exception {
        hazina("topics", "create", "--config", config.toString());
        try (LedgerRunner ledger = LedgerRunner.start(LedgerConfig.load(config, Map.of()), Duration.ofMinutes(2))) {
            for (String account : accounts) {
                hazina("account", "OPEN", account, "--type", "CUSTOMER", "--config", config.toString());
            }
        }
    }

    private static Path configFile(String name, KafkaBroker broker, Path state) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", "mock://stale-state");
        properties.setProperty("hazina.auto.register.schemas", "true");
        properties.setProperty("hazina.application.id", "hazina-stale-state");
        properties.setProperty("hazina.partitions", "1");
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.standby.replicas", "0");
        properties.setProperty("hazina.state.dir", state.toString());
        Path file = WORK.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "StaleStateIT");
        }
        return file;
    }

    /** Runs one hazina command, which must succeed; its output is the failure message. */
    private static void hazina(String... args) {
        StringWriter output = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(output, true), new PrintWriter(output, true), args);
        assertThat(exit).as("hazina %s: %s", String.join(" ", args), output).isZero();
    }
}
