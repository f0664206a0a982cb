package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.demo.Quiescence;
import dev.hazina.harness.demo.ResultWatcher;
import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * An operator replays every partition of the requests topic from offset 0 with {@code hazina
 * replay}: every request is answered again as a duplicate, and not one ledger entry is posted twice.
 */
class ReplayIT {

    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("replay");

    private static KafkaBroker broker;
    private static Path configFile;
    private static LedgerConfig config;

    @BeforeAll
    static void startBroker() throws IOException {
        Files.createDirectories(WORK);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
        configFile = WORK.resolve("replay.properties");
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", "mock://replay-" + UUID.randomUUID());
        properties.setProperty("hazina.auto.register.schemas", "true");
        properties.setProperty("hazina.application.id", "hazina-replay");
        properties.setProperty("hazina.partitions", "4");
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.standby.replicas", "0");
        properties.setProperty("hazina.state.dir", WORK.resolve("state-" + UUID.randomUUID()).toString());
        try (var out = Files.newBufferedWriter(configFile)) {
            properties.store(out, "ReplayIT");
        }
        config = LedgerConfig.load(configFile, java.util.Map.of());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerEveryReplayedRequestAsADuplicateAndPostNothingTwice() throws Exception {
        // Given: a ledger that has decided a few hundred requests
        try (Admin admin = LedgerRunner.admin(config)) {
            new LedgerTopicsAdmin(config).createOrVerify(admin);
        }
        List<TransferRequest> decided = new ArrayList<>();
        long entriesBefore;
        try (LedgerRunner ledger = LedgerRunner.start(config, Duration.ofMinutes(2));
             ChannelSession channel = new ChannelSession(config)) {
            Population population = Population.of(50);
            decided.addAll(channel.setUp(population));
            LoadDriver.Sent sent = channel.load(TrafficGenerator.standard(population, 3, "replay"), 600, 300);
            sent.records().stream().filter(TrafficRecord::expectsResult).map(TrafficRecord::request).forEach(decided::add);
            assertThat(channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()),
                Duration.ofMinutes(1))).isZero();
            Quiescence.Checked before = Quiescence.awaitClean(config, List.of(), Duration.ofSeconds(60));
            assertThat(before.report().violations()).isEmpty();
            entriesBefore = before.outputs().entries().size();

            // The tool refuses while an instance is running
            assertThat(hazina("replay", "--config", configFile.toString(), "--to-offset", "0", "--execute")).isEqualTo(1);
        }

        // When: every partition is rewound to the start and the ledger starts again
        assertThat(hazina("replay", "--config", configFile.toString(), "--to-offset", "0", "--execute")).isZero();
        try (ResultWatcher watcher = new ResultWatcher(config);
             LedgerRunner ledger = LedgerRunner.start(config, Duration.ofMinutes(2))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (watcher.duplicatesAnswered() < decided.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            // Then
            assertThat(watcher.duplicatesAnswered()).as("duplicate answers to the replay").isGreaterThanOrEqualTo(decided.size());
            assertThat(watcher.decided()).as("new outcomes during the replay").isZero();
            Quiescence.Checked after = Quiescence.awaitClean(config, List.of(), Duration.ofSeconds(60));
            assertThat(after.report().violations()).isEmpty();
            assertThat(after.outputs().entries()).as("ledger entries after the replay").hasSize((int) entriesBefore);
        }
    }

    private static int hazina(String... args) {
        return HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }
}
