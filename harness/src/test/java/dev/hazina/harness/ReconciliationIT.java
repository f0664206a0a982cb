package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.schemas.serde.AvroSerdeConfig;
import dev.hazina.topology.LedgerConfig;

/**
 * The reconciliation stream beside the ledger on a real broker and registry, set up by the
 * commands and fed by channel traffic once: the journal (the ledger chains its entries, the stream
 * seals them, {@code hazina audit verify} accepts the topic and names the entry altered in a copy)
 * and the settlement windows (an operator closes one, it reaches PENDING_SETTLEMENT with one batch
 * per party that adds up to the settlements, and is marked settled).
 */
class ReconciliationIT {

    private static final int PARTITIONS = 4;
    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("reconciliation");
    private static final String COPY = "journal.entries-copy";

    private static KafkaBroker broker;
    private static ApicurioServer registry;
    private static Path configFile;
    private static LedgerConfig config;
    private static LedgerRunner ledger;
    private static ReconciliationRunner reconciliation;
    private static LoadDriver.Sent sent;

    /** Topics and schemas created by the commands, the ledger and the reconciliation stream (sealing every second), traffic. */
    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(WORK);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
        registry = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK);
        configFile = configFile();
        config = LedgerConfig.load(configFile, Map.of());
        assertThat(hazina("topics", "create", "--config", configFile.toString()).exit()).isZero();
        assertThat(hazina("schemas", "register", "--config", configFile.toString()).out())
            .contains("hazina-reconciliation-audit-open-windows-changelog-value", "hazina.settlement-batches-value");
        Map<String, Object> settings = new HashMap<>(config.originals());
        settings.put(ReconciliationConfig.CHECKPOINT_INTERVAL_MS_CONFIG, 1_000L);
        ledger = LedgerRunner.start(config, Duration.ofMinutes(2));
        reconciliation = ReconciliationRunner.start(ReconciliationConfig.of(settings, config.kafkaSecurityConfig()),
            new SimpleMeterRegistry(), List.of(), Duration.ofMinutes(2));
        try (ChannelSession channel = new ChannelSession(config)) {
            Population population = Population.of(100);
            channel.setUp(population);
            sent = channel.load(TrafficGenerator.standard(population, 21, "reconciliation"), 800, 400);
            assertThat(channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()),
                Duration.ofMinutes(1))).isZero();
        }
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable running : new AutoCloseable[] {reconciliation, ledger, registry, broker}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void shouldSealEveryEntrySoTheAuditorVerifiesTheTopicAndNamesTheEntryAlteredInACopy() throws Exception {
        // When: every entry is sealed
        Run verified = awaitOutput(Duration.ofMinutes(1), " 0 entries not sealed yet",
            "audit", "verify", "--config", configFile.toString());

        // Then
        assertThat(verified.exit()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("Journal verified", "(0 unchained", " 0 entries not sealed yet");

        // When: a copy has one entry's amount raised by one
        LedgerEntry altered = copyAltering(config, 1, 10);
        Run tampered = hazina("audit", "verify", "--config", configFile.toString(), "--entries-topic", COPY);

        // Then: the copy fails, naming that entry
        assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
        assertThat(tampered.out()).contains("First mismatch: partition 1 offset 10 (" + altered.getAccountId() + " #"
            + altered.getSequence() + ", " + altered.getTransferId() + "): hash does not follow");
    }

    @Test
    void shouldCloseAWindowIntoOneBatchPerPartyThatAddsUpToTheSettlementsAndMarkItSettled() throws Exception {
        // Given: what the ledger sent for settlement
        List<Settlement> settlements = OutputReader.readValues(config.kafkaClientConfig(),
            config.topicName(LedgerConfig.TopicName.SETTLEMENTS),
            AvroSerde.forValues(Settlement.class, config.serdeConfig()).deserializer(), Duration.ofMinutes(1));
        assertThat(settlements).as("merchant and agent settlements in the traffic").hasSizeGreaterThan(20);

        // When: an operator closes the KES window
        assertThat(hazina("settlement", "close", "--currency", "KES", "--config", configFile.toString()).exit()).isZero();
        Run pending = awaitOutput(Duration.ofMinutes(1), "PENDING_SETTLEMENT",
            "settlement", "list", "--config", configFile.toString());

        // Then: one batch per party, whose figures add up to the settlements
        assertThat(pending.out()).as(pending.out()).containsPattern("KES-0+1\\s+PENDING_SETTLEMENT");
        List<SettlementBatch> batches = OutputReader.readValues(config.kafkaClientConfig(), "hazina.settlement-batches",
            AvroSerde.forValues(SettlementBatch.class, config.serdeConfig()).deserializer(), Duration.ofMinutes(1));
        assertThat(batches).extracting(SettlementBatch::getPartyId).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(settlements.stream().map(Settlement::getPartyId).distinct().toList());
        assertThat(batches.stream().mapToLong(SettlementBatch::getRecordCount).sum()).isEqualTo(settlements.size());
        assertThat(batches.stream().mapToLong(SettlementBatch::getGrossCredits).sum()).isEqualTo(settlements.stream()
            .filter(st -> st.getDirection() == EntryDirection.CREDIT).mapToLong(Settlement::getAmount).sum());

        // When: it is marked settled
        String window = batches.get(0).getWindowId().toString();
        assertThat(hazina("settlement", "settle", "--window", window, "--config", configFile.toString()).exit()).isZero();

        // Then
        assertThat(awaitOutput(Duration.ofMinutes(1), "SETTLED ", "settlement", "list", "--config",
            configFile.toString()).out()).containsPattern(window + "\\s+SETTLED");
    }

    /** Runs {@code hazina args} every second until its output contains {@code wanted}, or the timeout passes. */
    private static Run awaitOutput(Duration timeout, String wanted, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Run run;
        do {
            Thread.sleep(1_000);
            run = hazina(args);
        } while (!run.out().contains(wanted) && System.nanoTime() < deadline);
        return run;
    }

    /** Copies the ledger entries, partition for partition, raising the amount of one; returns that entry as altered. */
    private static LedgerEntry copyAltering(LedgerConfig config, int partition, long offset) throws Exception {
        try (Admin admin = LedgerRunner.admin(config)) {
            admin.createTopics(List.of(new NewTopic(COPY, PARTITIONS, (short) 1))).all().get();
        }
        Map<String, Object> serde = new HashMap<>(config.serdeConfig());
        serde.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        AvroSerde<LedgerEntry> entries = AvroSerde.forValues(LedgerEntry.class, serde);
        LedgerEntry[] altered = new LedgerEntry[1];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaClientConfig(),
                 new ByteArraySerializer(), new ByteArraySerializer())) {
            long[] copied = new long[PARTITIONS];
            OutputReader.readRecords(config.kafkaClientConfig(), config.topicName(LedgerConfig.TopicName.LEDGER_ENTRIES),
                Duration.ofMinutes(1), record -> {
                    byte[] value = record.value();
                    if (record.partition() == partition && copied[partition] == offset) {
                        LedgerEntry entry = entries.deserializer().deserialize(record.topic(), value);
                        altered[0] = LedgerEntry.newBuilder(entry).setAmount(entry.getAmount() + 1).build();
                        value = entries.serializer().serialize(COPY, altered[0]);
                    }
                    copied[record.partition()]++;
                    producer.send(new ProducerRecord<>(COPY, record.partition(), record.key(), value));
                });
            producer.flush();
        }
        assertThat(altered[0]).as("entry %d of partition %d", offset, partition).isNotNull();
        return altered[0];
    }

    private static Path configFile() throws IOException {
        Path file = WORK.resolve("hazina.properties");
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", registry.url());
        properties.setProperty("hazina.application.id", "hazina-journal");
        properties.setProperty("hazina.partitions", Integer.toString(PARTITIONS));
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.standby.replicas", "0");
        properties.setProperty("hazina.state.dir", WORK.resolve("state-" + UUID.randomUUID()).toString());
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "ReconciliationIT");
        }
        return file;
    }

    private record Run(int exit, String out) {
    }

    private static Run hazina(String... args) {
        StringWriter out = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return new Run(exit, out.toString());
    }
}
