package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.app.ChannelProducer;
import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.demo.Quiescence;
import dev.hazina.harness.demo.ResultWatcher;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * Replays, both ways: {@code hazina replay} re-sends a range while the ledger runs and diffs the
 * answers; {@code hazina replay rewind} rewinds a stopped ledger to offset 0. Either way every request
 * is answered again as a duplicate, and not one ledger entry is posted twice.
 */
class ReplayIT {

    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("replay");

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        Files.createDirectories(WORK);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
    }

    /** A ledger of its own per test: its own application id and topics on the one broker. */
    private static Path configFile(String name) throws IOException {
        Path file = WORK.resolve(name + ".properties");
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", "mock://replay-" + UUID.randomUUID());
        properties.setProperty("hazina.auto.register.schemas", "true");
        properties.setProperty("hazina.application.id", "hazina-" + name);
        properties.setProperty("hazina.partitions", "4");
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.standby.replicas", "0");
        properties.setProperty("hazina.state.dir", WORK.resolve("state-" + UUID.randomUUID()).toString());
        for (TopicName topic : TopicName.values()) {
            properties.setProperty(topic.configKey(), name + "." + new LedgerConfig(Map.of()).topicName(topic));
        }
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "ReplayIT " + name);
        }
        return file;
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerEveryRequestRewoundOnAStoppedLedgerAsADuplicateAndPostNothingTwice() throws Exception {
        // Given: a ledger that has decided a few hundred requests
        Path configFile = configFile("rewind");
        LedgerConfig config = withTopics(configFile);
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

            // The rewind refuses while an instance is running
            assertThat(hazina("replay", "rewind", "--config", configFile.toString(), "--to-offset", "0", "--execute")).isEqualTo(1);
        }

        // When: every partition is rewound to the start and the ledger starts again
        assertThat(hazina("replay", "rewind", "--config", configFile.toString(), "--to-offset", "0", "--execute")).isZero();
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

    @Test
    void shouldReplayARangeWhileTrafficFlowsWithAnEmptyDiffAndPostNothing() throws Exception {
        // Given: a running ledger that decided a few hundred requests on partition 1, three unreadable records among them
        Path configFile = configFile("live-replay");
        LedgerConfig config = withTopics(configFile);
        String requests = config.topicName(TopicName.TRANSFER_REQUESTS);
        TopicPartition partition = new TopicPartition(requests, 1);
        try (LedgerRunner ledger = LedgerRunner.start(config, Duration.ofMinutes(2));
             ChannelSession channel = new ChannelSession(config);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(config.kafkaClientConfig(),
                 new ByteArraySerializer(), new ByteArraySerializer())) {
            Population population = Population.of(50);
            List<TransferRequest> decided = new ArrayList<>(channel.setUp(population));
            LoadDriver.Sent first = channel.load(TrafficGenerator.standard(population, 5, "before"), 600, 300);
            for (int i = 0; i < 3; i++) {
                raw.send(new ProducerRecord<>(requests, 1, "cust-x".getBytes(StandardCharsets.UTF_8),
                    ("not a request " + i).getBytes(StandardCharsets.UTF_8))).get();
            }
            assertThat(channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(first.records()),
                Duration.ofMinutes(1))).isZero();
            first.records().stream().filter(TrafficRecord::expectsResult).map(TrafficRecord::request).forEach(decided::add);
            long end = endOffset(config, partition);
            Set<String> replayedIds = requestIds(config, partition, end);
            long entriesOfReplayed = entriesOf(config, replayedIds, decided);

            // When: the range is replayed while the channels keep sending
            ExecutorService traffic = Executors.newSingleThreadExecutor();
            Future<LoadDriver.Sent> second = traffic.submit(() ->
                channel.load(TrafficGenerator.standard(population, 6, "during"), 1500, 250));
            StringWriter out = new StringWriter();
            int exitCode = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "replay", "--config", configFile.toString(), "--partition", "1", "--from-offset", "0",
                "--to-offset", Long.toString(end));
            LoadDriver.Sent during = second.get(2, TimeUnit.MINUTES);
            traffic.shutdown();
            System.out.println(out);

            // Then: every record was answered as before
            assertThat(exitCode).as(out.toString()).isZero();
            assertThat(out.toString())
                .contains("Summary: " + end + " records; " + end + " same, 0 different, 0 unanswered, 0 forgotten "
                    + "(past the horizon), 0 not sent")
                .containsPattern("\\(unreadable\\)\\s+dead letter \\w+\\s+dead letter \\w+\\s+SAME");
            // And: the replayed requests posted nothing, and the ledger is whole
            decided.addAll(during.records().stream().filter(TrafficRecord::expectsResult).map(TrafficRecord::request).toList());
            assertThat(channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(during.records()),
                Duration.ofMinutes(1))).isZero();
            assertThat(entriesOf(config, replayedIds, decided)).as("entries of the replayed requests").isEqualTo(entriesOfReplayed);
        }
    }

    @Test
    void shouldRefuseARangePastTheDedupeHorizonUnlessForced() throws Exception {
        // Given: a request whose requestedAt lies beyond the horizon
        Path configFile = configFile("old-replay");
        LedgerConfig config = withTopics(configFile);
        try (ChannelProducer producer = new ChannelProducer(config)) {
            TransferRequest old = TransferRequest.newBuilder().setRequestId("old-1").setChannel(Channel.APP)
                .setKind(TransferKind.P2P).setPayer("cust-1").setPayee("cust-2").setAmount(100).setCurrency("KES")
                .setRequestedAt(System.currentTimeMillis() - config.dedupeHorizonMs() - 60_000).build();
            int partition = producer.send(old).get().partition();

            // When
            StringWriter err = new StringWriter();
            int exitCode = HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "replay", "--config", configFile.toString(), "--partition", Integer.toString(partition),
                "--from-offset", "0");

            // Then: nothing sent, and the reason given
            assertThat(exitCode).isEqualTo(3);
            assertThat(err.toString()).contains("Refused").contains("dedupe horizon").contains("--force");
            assertThat(endOffset(config, new TopicPartition(config.topicName(TopicName.TRANSFER_REQUESTS), partition)))
                .isEqualTo(1);
        }
    }

    /** The config in {@code configFile}, with the ledger's topics created. */
    private static LedgerConfig withTopics(Path configFile) throws Exception {
        LedgerConfig config = LedgerConfig.load(configFile, Map.of());
        try (Admin admin = LedgerRunner.admin(config)) {
            new LedgerTopicsAdmin(config).createOrVerify(admin);
        }
        return config;
    }

    private static long endOffset(LedgerConfig config, TopicPartition partition) throws Exception {
        try (Admin admin = LedgerRunner.admin(config)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
        }
    }

    /** The requestIds of the readable records of {@code partition} before {@code end}. */
    private static Set<String> requestIds(LedgerConfig config, TopicPartition partition, long end) {
        Deserializer<TransferRequest> requests = LedgerTopics.from(config).requests().valueSerde().deserializer();
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.kafkaClientConfig(),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        ids.add(requests.deserialize(record.topic(), record.value()).getRequestId());
                    } catch (RuntimeException unreadable) {
                        // one of the test's own unreadable records
                    }
                }
            }
        }
        return ids;
    }

    private static long entriesOf(LedgerConfig config, Set<String> requestIds, List<TransferRequest> requests)
        throws InterruptedException {
        Quiescence.Checked checked = Quiescence.awaitClean(config, requests, Duration.ofSeconds(60));
        assertThat(checked.report().violations()).isEmpty();
        return checked.outputs().entries().stream().filter(entry -> requestIds.contains(entry.getTransferId())).count();
    }

    private static int hazina(String... args) {
        return HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }
}
