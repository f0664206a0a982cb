package dev.hazina.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.connect.ConnectFiles;
import dev.hazina.harness.connect.ConnectWorkerProcess;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.postgres.PostgresServer;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.topology.LedgerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Settlements, ledger entries and settlement batches delivered into a real PostgreSQL by Debezium's
 * JDBC sink on a real Connect worker ({@code hazina connect run} in its own JVM, distributed mode; the
 * sinks registered by {@code hazina connect deploy}), reading Hazina's Confluent-format Avro through
 * {@link HazinaAvroConverter} against the real Apicurio registry, from a real KRaft broker fed by the
 * real ledger and the reconciliation stream beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectDeliveryIT {

    private static final int PARTITIONS = 4;
    private static final String SETTLEMENTS = "hazina.settlements";
    private static final String ENTRIES = "hazina.ledger-entries";
    private static final String BATCHES = "hazina.settlement-batches";
    private static final String DEAD_LETTERS = "hazina.connect-dlq";
    private static final String PROBE_KEY = "not-avro-probe";
    private static final Duration DELIVERY = Duration.ofMinutes(3);
    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("connect");
    /** Fresh each run: a state directory left by an earlier cluster would not match this one's changelogs. */
    private static final Path STATE = WORK.resolve("state-" + UUID.randomUUID());
    private static final Path CONNECTORS = ApicurioServer.dirProperty("hazina.connectors.dir", ".");

    private static KafkaBroker broker;
    private static ApicurioServer registry;
    private static PostgresServer postgres;
    private static ConnectWorkerProcess worker;
    private static ConnectDeployer deployer;
    private static LedgerConfig config;
    private static Path configFile;
    private static LedgerRunner ledger;
    private static ReconciliationRunner reconciliation;
    private static ChannelSession channel;
    private static Population population;
    private static List<String> connectors;

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(WORK);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
        registry = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK);
        postgres = PostgresServer.start(Map.of());
        configFile = WORK.resolve("hazina.properties");
        writeConfig(configFile);
        config = LedgerConfig.load(configFile, Map.of());
        hazina("topics", "create", "--config", configFile.toString());
        hazina("schemas", "register", "--config", configFile.toString());

        worker = ConnectWorkerProcess.start(new ConnectFiles(CONNECTORS,
                ApicurioServer.dirProperty("hazina.connect.worker.lib", "target/worker-lib"),
                ApicurioServer.dirProperty("hazina.connect.plugins.dir", "target/connect-plugins")),
            Map.of("bootstrap.servers", broker.bootstrapServers(), "config.storage.replication.factor", "1", "offset.storage.replication.factor", "1",
                "status.storage.replication.factor", "1", "offset.flush.interval.ms", "1000",
                // A killed worker's tasks move at once, and its sink consumers leave the group in 6 s.
                "scheduled.rebalance.max.delay.ms", "0", "consumer.session.timeout.ms", "6000",
                "consumer.heartbeat.interval.ms", "1000"),
            Files.createTempFile(WORK, "connect-", ".log"));
        deployer = new ConnectDeployer(worker.restUrl());
        connectors = deployWithTheCommand();
        for (String name : connectors) {
            deployer.awaitRunning(name, Duration.ofMinutes(2));
        }

        ledger = LedgerRunner.start(config, Duration.ofMinutes(2));
        reconciliation = ReconciliationRunner.start(ReconciliationConfig.of(config.originals(), config.kafkaSecurityConfig()),
            new SimpleMeterRegistry(), List.of(), Duration.ofMinutes(2));
        channel = new ChannelSession(config);
        population = Population.of(200);
        channel.setUp(population);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (channel != null) {
            channel.close();
        }
        if (reconciliation != null) {
            reconciliation.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Last: the reconciliation stream cannot read the probe either, and stops (it has done its part by then). */
    @Test
    @Order(4)
    void shouldDeadLetterARecordTheSinkCannotReadAndCarryOn() throws Exception {
        // When: bytes that are not Confluent Avro land on the settlements topic
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(SETTLEMENTS, bytes(PROBE_KEY), bytes("{\"json\": true}"))).get();
        }

        // Then
        ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(PROBE_KEY);
        assertThat(header(letter, "__connect.errors.topic")).isEqualTo(SETTLEMENTS);
        assertThat(header(letter, "__connect.errors.exception.message")).contains("not Confluent wire-format Avro");
        assertThat(letter.value()).isEqualTo(bytes("{\"json\": true}"));
        assertThat(deployer.states("hazina-settlements-jdbc-sink")).containsOnly("RUNNING");
    }

    @Test
    @Order(1)
    void shouldDeliverEverySettlementAndEntryExactlyOnceAcrossAKilledWorker() throws Exception {
        // Given
        TrafficGenerator traffic = TrafficGenerator.standard(population, 16, "connect");

        // When: traffic flows while the worker is killed with SIGKILL and started again
        CompletableFuture<LoadDriver.Sent> load = CompletableFuture.supplyAsync(() -> channel.load(traffic, 3_000, 400));
        awaitRows("hazina_settlements", 1, DELIVERY);
        worker.kill();
        Thread.sleep(2_000);
        worker.restart();
        LoadDriver.Sent sent = load.get();
        assertThat(channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()), Duration.ofMinutes(2)))
            .as("requests without an outcome").isZero();
        for (String name : connectors) {
            deployer.awaitRunning(name, Duration.ofMinutes(2));
        }

        // Then
        List<Settlement> settlements = readCommitted(SETTLEMENTS, Settlement.class);
        List<LedgerEntry> entries = readCommitted(ENTRIES, LedgerEntry.class);
        assertThat(settlements).hasSizeGreaterThan(50);
        assertThat(entries).hasSizeGreaterThan(1_000);
        assertTableEquals("hazina_settlements", settlements, s -> s.getSettlementId(), "settlementId");
        assertTableEquals("hazina_entries", entries, e -> e.getAccountId() + "#" + e.getSequence(), "accountId", "sequence");
    }

    @Test
    @Order(2)
    void shouldDeliverEveryBatchOfAClosedSettlementWindowOnceUpsertedByWindowAndParty() throws Exception {
        // When: an operator closes the KES window, the way ReconciliationIT does
        hazina("settlement", "close", "--currency", "KES", "--config", configFile.toString());
        awaitWindowPendingSettlement(Duration.ofMinutes(1));

        // Then: the batches table is the batches topic, one row per window and party, the digest as hex text
        List<SettlementBatch> batches = readCommitted(BATCHES, SettlementBatch.class);
        assertThat(batches).as("one batch per merchant or agent").hasSizeGreaterThan(5);
        assertTableEquals("hazina_settlement_batches", batches, b -> b.getWindowId() + "#" + b.getPartyId(),
            "windowId", "partyId");
        assertThat(queryOne("SELECT count(DISTINCT digest) FROM hazina_settlement_batches"))
            .isEqualTo(Integer.toString(batches.size()));
        assertThat(deployer.states("hazina-settlement-batches-jdbc-sink")).containsOnly("RUNNING");
    }

    @Test
    @Order(3)
    void shouldAddAColumnForAFieldAnEvolvedSchemaAdds() throws Exception {
        // Given: Settlement v-next with a field that has a default, registered as the subject's next version
        Schema evolved = new Schema.Parser().parse(Settlement.getClassSchema().toString()
            .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"batchNote\",\"type\":\"string\",\"default\":\"\"},"));
        GenericData.Record record = new GenericData.Record(evolved);
        Settlement base = readCommitted(SETTLEMENTS, Settlement.class).get(0);
        for (Schema.Field field : Settlement.getClassSchema().getFields()) {
            record.put(field.name(), field.schema().getType() == Schema.Type.ENUM
                ? new GenericData.EnumSymbol(field.schema(), base.get(field.pos()).toString()) : base.get(field.pos()));
        }
        record.put("settlementId", "evolved:" + base.getSettlementId());
        record.put("batchNote", "night batch");
        byte[] value;
        try (SchemaRegistryClient client = SchemaRegistryClients.create(config.serdeConfig())) {
            value = confluentBytes(client.register(SETTLEMENTS + "-value", evolved), record);
        }

        // When
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(SETTLEMENTS, bytes(base.getPartyId()), value)).get();
        }

        // Then
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        String note = null;
        while (note == null && System.nanoTime() < deadline) {
            Thread.sleep(500);
            note = queryOne("SELECT batchnote FROM hazina_settlements WHERE settlementid = 'evolved:"
                + base.getSettlementId() + "'");
        }
        assertThat(note).isEqualTo("night batch");
        assertThat(queryOne("SELECT batchnote FROM hazina_settlements WHERE settlementid = '" + base.getSettlementId() + "'"))
            .as("rows written before the column existed").isIn(null, "");
        assertThat(deployer.states("hazina-settlements-jdbc-sink")).containsOnly("RUNNING");
    }

    private static <T extends SpecificRecord> void assertTableEquals(String table, List<T> records,
            Function<T, String> key, String... keyColumns) throws Exception {
        Map<String, T> expected = new HashMap<>();
        records.forEach(r -> expected.put(key.apply(r), r));
        assertThat(expected).as("distinct keys on the topic").hasSameSizeAs(records);
        awaitRows(table, expected.size(), DELIVERY);
        Schema schema = records.get(0).getSchema();
        Map<String, Map<String, String>> rows = new HashMap<>();
        try (Connection connection = postgres.connect(Map.of()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                Map<String, String> row = new HashMap<>();
                for (Schema.Field field : schema.getFields()) {
                    row.put(field.name(), text(rs.getObject(field.name())));
                }
                StringBuilder rowKey = new StringBuilder();
                for (String column : keyColumns) {
                    rowKey.append(rowKey.isEmpty() ? "" : "#").append(row.get(column));
                }
                assertThat(rows.put(rowKey.toString(), row)).as("row %s written once", rowKey).isNull();
            }
        }
        assertThat(rows.keySet()).as("rows of " + table).isEqualTo(expected.keySet());
        expected.forEach((rowKey, record) -> {
            for (Schema.Field field : schema.getFields()) {
                assertThat(rows.get(rowKey).get(field.name())).as("%s %s.%s", table, rowKey, field.name())
                    .isEqualTo(text(record.get(field.pos())));
            }
        });
    }

    /** A column or field value as text to compare: bytes (an entry's hash) as hex. */
    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(value);
    }

    private static void awaitRows(String table, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = -1;
        while (System.nanoTime() < deadline) {
            String found = queryOne("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'");
            rows = "1".equals(found) ? Long.parseLong(queryOne("SELECT count(*) FROM " + table)) : -1;
            if (rows >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(table + " has " + rows + " rows after " + timeout + ", expected " + count
            + "; worker log " + worker.logFile());
    }

    private static String queryOne(String sql) throws SQLException {
        try (Connection connection = postgres.connect(Map.of()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if ("42703".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return null; // column or table not created yet
            }
            throw e;
        }
    }

    private static <T extends SpecificRecord> List<T> readCommitted(String topic, Class<T> type) {
        Deserializer<T> deserializer = AvroSerde.forValues(type, config.serdeConfig()).deserializer();
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readCommitted(broker.bootstrapServers(), topic)) {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            if (!key.equals(PROBE_KEY) && !isEvolved(record.value())) {
                values.add(deserializer.deserialize(topic, record.value()));
            }
        }
        return values;
    }

    private static boolean isEvolved(byte[] value) {
        return new String(value, StandardCharsets.UTF_8).contains("evolved:");
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(String key) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> letter : TopicReader.readCommitted(broker.bootstrapServers(), DEAD_LETTERS)) {
                if (letter.key() != null && key.equals(new String(letter.key(), StandardCharsets.UTF_8))) {
                    return letter;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no dead letter for key " + key + "; worker log " + worker.logFile());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] confluentBytes(int id, GenericData.Record record) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** {@code hazina connect deploy} against the real worker, once its REST API answers; the connector names. */
    private static List<String> deployWithTheCommand() throws Exception {
        String[] deploy = {"deploy", "--connect-url", worker.restUrl().toString(), "--files", CONNECTORS.toString(),
            "--registry-url", registry.url(), "--timeout", "PT2M", "connection.url=" + postgres.jdbcUrl(),
            "connection.username=postgres", "connection.password=", "errors.deadletterqueue.topic.replication.factor=1"};
        worker.awaitRest(Duration.ofMinutes(2));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ConnectCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), deploy);
        assertThat(exit).as("hazina connect deploy: %s%s; worker log %s", out, err, worker.logFile()).isZero();
        Map<String, Map<String, String>> files = ConnectDeployer.connectorConfigs(CONNECTORS, Map.of());
        assertThat(out.toString().lines()).as(out.toString())
            .containsExactlyElementsOf(files.keySet().stream().map(name -> name + ": RUNNING, RUNNING").toList());
        // Idempotent: deploying the same files again changes nothing and succeeds.
        assertThat(ConnectCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), deploy))
            .as("second deploy: %s", err).isZero();
        return List.copyOf(files.keySet());
    }

    /** Polls {@code hazina settlement list} until the KES window awaits settlement, its batches all written. */
    private static void awaitWindowPendingSettlement(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String list = "";
        while (System.nanoTime() < deadline) {
            StringWriter out = new StringWriter();
            HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(out, true),
                "settlement", "list", "--currency", "KES", "--config", configFile.toString());
            list = out.toString();
            if (list.contains("PENDING_SETTLEMENT")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("KES window not PENDING_SETTLEMENT within " + timeout + ":\n" + list);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeConfig(Path file) throws Exception {
        Properties properties = new Properties();
        properties.put("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.put("hazina.schema.registry.url", registry.url());
        properties.put("hazina.application.id", "hazina-connect-it");
        properties.put("hazina.partitions", Integer.toString(PARTITIONS));
        properties.put("hazina.replication.factor", "1");
        properties.put("hazina.num.standby.replicas", "0");
        properties.put("hazina.state.dir", STATE.toString());
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "ConnectDeliveryIT");
        }
    }

    private static void hazina(String... args) {
        StringWriter err = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertThat(exit).as("hazina %s: %s", String.join(" ", args), err).isZero();
    }
}
