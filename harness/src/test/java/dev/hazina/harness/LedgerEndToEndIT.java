package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.demo.OutputTopics;
import dev.hazina.harness.demo.Quiescence;
import dev.hazina.app.Answers;
import dev.hazina.app.ChannelProducer;
import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.reconciliation.CheckReport;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerException;
import dev.hazina.topology.Partitions;

/**
 * The whole ledger on real parts: Apache Kafka's KRaft broker, a real Apicurio schema registry,
 * topics and schemas set up through the {@code hazina} commands, the ledger started through the
 * production run path, thousands of transfers of the channel mix, and every output read back with
 * read_committed and checked.
 */
class LedgerEndToEndIT {

    private static final int PARTITIONS = 4;
    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("e2e");
    /** Fresh each run: a state directory left by an earlier cluster would not match this one's changelogs. */
    private static final Path STATE = WORK.resolve("state-" + UUID.randomUUID());

    private static KafkaBroker broker;
    private static ApicurioServer registry;
    private static Path configFile;
    private static LedgerConfig config;
    private static LedgerRunner ledger;
    private static ChannelSession channel;
    private static Population population;

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(WORK);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
        registry = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK);
        configFile = WORK.resolve("hazina.properties");
        writeConfig(configFile, Map.of());
        config = LedgerConfig.load(configFile, Map.of());

        assertThat(hazina("topics", "create", "--config", configFile.toString())).contains("hazina.ledger-legs");
        assertThat(hazina("schemas", "register", "--config", configFile.toString())).contains("hazina.transfer-requests-value");
        ledger = LedgerRunner.start(config, Duration.ofMinutes(2));
        channel = new ChannelSession(config);
        population = Population.of(200);
        channel.setUp(population);
    }

    @AfterAll
    static void stopEverything() {
        if (channel != null) {
            channel.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldPostThousandsOfTransfersExactlyOnceThroughTheRunPath() throws Exception {
        // Given
        TrafficGenerator traffic = TrafficGenerator.standard(population, 11, "e2e");

        // When
        LoadDriver.Sent sent = channel.load(traffic, 3_000, 500);
        Set<String> expected = ChannelSession.expectingResults(sent.records());
        int missing = channel.awaitOutcomes("Outcomes", expected, Duration.ofMinutes(2));

        // Then
        assertThat(missing).as("requests without an outcome").isZero();
        // Other tests in this class send requests of their own, so the checker is not given the list:
        // it then requires an outcome for every transfer with postings, and here every expected id is checked.
        Quiescence.Checked checked = Quiescence.awaitClean(config, List.of(), Duration.ofSeconds(60));
        CheckReport report = checked.report();
        assertThat(report.violations()).as("invariant violations").isEmpty();
        Map<String, Long> outcomes = new HashMap<>();
        checked.outputs().results().stream().filter(r -> !r.getDuplicate())
            .forEach(r -> outcomes.merge(r.getRequestId(), 1L, Long::sum));
        assertThat(expected).allSatisfy(id -> assertThat(outcomes.get(id)).as("outcomes of %s", id).isEqualTo(1L));
        assertThat(report.conservationOk()).isTrue();
        assertThat(report.sequencesOk()).isTrue();
        assertThat(report.outcomes(dev.hazina.schemas.TransferStatus.COMPLETED)).isGreaterThan(2_000);
        assertThat(report.duplicatesAnswered()).isPositive();

        List<DeadLetter> deadLetters = OutputTopics.deadLetters(config);
        assertThat(deadLetters).extracting(DeadLetter::getReason).contains("BAD_MAGIC_BYTE", "KEY_MISMATCH");
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.getValue()).as("original bytes").isNotNull();
            assertThat(letter.getSourceTopic()).isEqualTo("hazina.transfer-requests");
        });
    }

    @Test
    void shouldAnswerARetrySentWhileTheSagaIsInFlight() throws Exception {
        // Given
        TransferRequest request = TransferRequest.newBuilder()
            .setRequestId("e2e-in-flight-retry").setChannel(Channel.USSD).setKind(TransferKind.P2P)
            .setPayer(population.customers().get(0)).setPayee(population.customers().get(1))
            .setAmount(1_000).setCurrency("KES").setRequestedAt(System.currentTimeMillis()).build();

        // When: the retry follows the request at once, long before the saga's three hops finish
        List<TransferResult> answers;
        try (Answers<TransferResult> results = new Answers<>(config.kafkaClientConfig(), "hazina.transfer-results",
                AvroSerde.forValues(TransferResult.class, config.serdeConfig()).deserializer());
             var producer = new ChannelProducer(config)) {
            producer.send(request);
            producer.send(request);
            producer.flush();
            answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(results.await(r -> r.getRequestId().equals(request.getRequestId()), Duration.ofSeconds(60)));
            }
        }

        // Then: one outcome and one duplicate answer carrying the same outcome
        assertThat(answers).doesNotContainNull();
        assertThat(answers).extracting(TransferResult::getDuplicate).containsExactlyInAnyOrder(false, true);
        assertThat(answers.get(0).getStatus()).isEqualTo(answers.get(1).getStatus());
        assertThat(answers.get(0).getDecidedAt()).isEqualTo(answers.get(1).getDecidedAt());
    }

    @Test
    void shouldDeadLetterARecordProducedToTheWrongPartition() throws Exception {
        // Given: a producer that ignores murmur2 and picks another partition for the payer's key
        String payer = population.customers().get(2);
        int wrong = (Partitions.partitionFor(payer, PARTITIONS) + 1) % PARTITIONS;
        TransferRequest request = TransferRequest.newBuilder()
            .setRequestId("e2e-wrong-partition").setChannel(Channel.PARTNER_API).setKind(TransferKind.P2P)
            .setPayer(payer).setPayee(population.customers().get(3))
            .setAmount(1_000).setCurrency("KES").setRequestedAt(System.currentTimeMillis()).build();
        byte[] value = AvroSerde.forValues(TransferRequest.class, config.serdeConfig()).serializer()
            .serialize("hazina.transfer-requests", request);

        // When
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            config.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("hazina.transfer-requests", wrong, payer.getBytes(StandardCharsets.UTF_8),
                value)).get();
        }

        // Then
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<DeadLetter> letters = List.of();
        while (System.nanoTime() < deadline
            && letters.stream().noneMatch(l -> l.getReason().equals("WRONG_PARTITION"))) {
            Thread.sleep(500);
            letters = OutputTopics.deadLetters(config);
        }
        assertThat(letters).filteredOn(l -> l.getReason().equals("WRONG_PARTITION")).singleElement()
            .satisfies(letter -> assertThat(letter.getSourcePartition()).isEqualTo(wrong));
        assertThat(channel.watcher().hasOutcome(request.getRequestId())).isFalse();
    }

    @Test
    void shouldRefuseToStartOnTopicsThatAreNotCoPartitioned() throws Exception {
        // Given: another application whose commands topic has fewer partitions than its requests topic
        Path skewed = WORK.resolve("skewed.properties");
        writeConfig(skewed, Map.of("hazina.application.id", "hazina-skewed", "hazina.topic.requests", "skew.requests",
            "hazina.topic.commands", "skew.commands", "hazina.topic.legs", "skew.legs"));
        try (Admin admin = LedgerRunner.admin(config)) {
            admin.createTopics(List.of(new NewTopic("skew.requests", PARTITIONS, (short) 1),
                new NewTopic("skew.commands", 2, (short) 1), new NewTopic("skew.legs", PARTITIONS, (short) 1))).all().get();
        }

        // When / Then
        assertThatThrownBy(() -> LedgerRunner.start(LedgerConfig.load(skewed, Map.of()), Duration.ofSeconds(30)))
            .isInstanceOf(LedgerException.class)
            .hasMessageContaining("not co-partitioned")
            .hasMessageContaining("skew.commands has 2 partitions");
    }

    @Test
    void shouldExitWithTwoNamingTheSettingWhenTheConfigIsBad() throws IOException {
        // Given
        Path bad = WORK.resolve("bad.properties");
        writeConfig(bad, Map.of("hazina.partitions", "many"));

        // When
        StringWriter err = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
            "run", "--config", bad.toString());

        // Then
        assertThat(exit).isEqualTo(2);
    }

    private static void writeConfig(Path file, Map<String, String> overrides) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("hazina.bootstrap.servers", broker.bootstrapServers());
        values.put("hazina.schema.registry.url", registry.url());
        values.put("hazina.application.id", "hazina-e2e");
        values.put("hazina.partitions", Integer.toString(PARTITIONS));
        values.put("hazina.replication.factor", "1");
        values.put("hazina.num.standby.replicas", "0");
        values.put("hazina.state.dir", STATE.toString());
        values.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(values);
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "LedgerEndToEndIT");
        }
    }

    private static String hazina(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as("hazina %s: %s", String.join(" ", args), err).isZero();
        return out + err.toString();
    }
}
