package dev.hazina.bench.hazina;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.app.HazinaCommand;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.ChannelProducer;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.bench.load.OutcomeTracker;
import dev.hazina.bench.load.ResultsTap;
import dev.hazina.bench.load.StepDetail;
import dev.hazina.bench.load.SystemUnderTest;
import dev.hazina.harness.ChildJvm;
import dev.hazina.bench.proc.MeasuredProcess;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * Hazina as it runs in production, on one box: a real single-node KRaft broker in a child JVM, the
 * ledger ({@code hazina run}, exactly-once) in one or more child JVMs of its own, and the channel
 * (producer and results reader) in the benchmark's JVM. Each is a separate process, so each one's
 * CPU and memory are measured on their own.
 */
public final class HazinaSystem implements SystemUnderTest {

    private static final Logger LOG = LoggerFactory.getLogger(HazinaSystem.class);
    private static final String READY_LINE = "Hazina ledger running";
    private static final String APPLICATION_ID = "hazina-bench";

    /**
     * How to run it.
     *
     * @param workDir     broker data, ledger state and logs
     * @param accounts    population size
     * @param instances   ledger JVMs (same application id: they split the tasks)
     * @param ledgerHeap  -Xmx of each ledger JVM
     * @param ledger      hazina.* settings for the ledger (partitions, threads, commit interval,
     *                    RocksDB budget, hazina.streams.* pass-through)
     * @param brokerHeap  -Xmx of the broker JVM
     */
    public record Settings(Path workDir, int accounts, int instances, String ledgerHeap, Map<String, String> ledger,
                           String brokerHeap) {
    }

    private final Settings settings;
    private final OutcomeTracker tracker = new OutcomeTracker();
    private final List<ChildJvm> ledgers = new ArrayList<>();
    private KafkaBroker broker;
    private LedgerConfig config;
    private Admin admin;
    private ChannelProducer producer;
    private ResultsTap tap;
    private TopicCensus census;
    private Map<TopicPartition, Long> stepStart;

    public HazinaSystem(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "hazina";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(settings.workDir());
        broker = KafkaBroker.start(BrokerSettings.of(settings.workDir().resolve("broker")).withHeap(settings.brokerHeap()));
        config = ledgerConfig(broker.bootstrapServers());
        admin = LedgerRunner.admin(config);
        new LedgerTopicsAdmin(config).createOrVerify(admin);
        // mock:// registries are per JVM; ids derive from the schema, so this JVM's agree with the ledger's.
        LedgerRunner.registerSchemas(config);
        for (int i = 0; i < settings.instances(); i++) {
            ledgers.add(startLedger(i));
        }
        for (ChildJvm ledger : ledgers) {
            ledger.awaitLog(READY_LINE, Duration.ofMinutes(3));
        }
        census = new TopicCensus(config.bootstrapServers(), admin);
        producer = new ChannelProducer(config);
        Topic<String, TransferResult> resultsTopic = LedgerTopics.from(config).results();
        Deserializer<TransferResult> results = resultsTopic.valueSerde().deserializer();
        tap = new ResultsTap(config.bootstrapServers(), resultsTopic.name(), record -> {
            TransferResult result = results.deserialize(resultsTopic.name(), record.value());
            return new ResultsTap.Outcome(result.getRequestedAt(), !result.getDuplicate());
        }, tracker);
        Population population = Population.of(settings.accounts());
        new HazinaSetup(producer, config, tracker).run(population);
    }

    /** The ledger config shared by this JVM (the channel) and the ledger JVMs. */
    private LedgerConfig ledgerConfig(String bootstrap) {
        Map<String, Object> values = new HashMap<>();
        values.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        values.put(LedgerConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        values.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://hazina-bench");
        values.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, "1");
        values.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        values.putAll(settings.ledger());
        return new LedgerConfig(values);
    }

    private ChildJvm startLedger(int instance) throws IOException {
        Path dir = settings.workDir().resolve("ledger-" + instance);
        Files.createDirectories(dir);
        Properties properties = new Properties();
        config.originals().forEach((key, value) -> properties.setProperty(key, value.toString()));
        properties.setProperty(LedgerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        Path file = dir.resolve("ledger.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "hazina bench ledger " + instance);
        }
        List<String> options = List.of("-Xms" + settings.ledgerHeap(), "-Xmx" + settings.ledgerHeap(),
            "-XX:+ExitOnOutOfMemoryError");
        return ChildJvm.start("ledger-" + instance, options, HazinaCommand.class.getName(),
            List.of("run", "--config", file.toString(), "--register-schemas"), dir, Map.of());
    }

    public LedgerConfig config() {
        return config;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public List<ChildJvm> ledgers() {
        return List.copyOf(ledgers);
    }

    @Override
    public void submit(TrafficRecord record, long intendedMs) {
        tracker.submitted(intendedMs, record.expectsResult(), record.type() != TrafficRecord.Type.RETRY);
        record.sendWith(producer);
    }

    @Override
    public OutcomeTracker tracker() {
        return tracker;
    }

    @Override
    public List<MeasuredProcess> processes() {
        List<MeasuredProcess> processes = new ArrayList<>();
        processes.add(MeasuredProcess.single("broker", broker.pid()));
        processes.add(MeasuredProcess.single("controller", broker.controllerPid()));
        for (int i = 0; i < ledgers.size(); i++) {
            processes.add(MeasuredProcess.single(ledgers.size() == 1 ? "ledger" : "ledger-" + i, ledgers.get(i).pid()));
        }
        processes.add(MeasuredProcess.single("driver", ProcessHandle.current().pid()));
        return processes;
    }

    @Override
    public void beforeStep() throws Exception {
        checkLedgersAlive();
        stepStart = census.endOffsets();
    }

    /** Counts what the step wrote, per topic, from the topics themselves. */
    @Override
    public StepDetail afterStep(long sent) throws Exception {
        checkLedgersAlive();
        if (stepStart == null || sent == 0) {
            return StepDetail.NONE;
        }
        Map<String, TopicCensus.Count> counts = census.count(stepStart, census.endOffsets());
        stepStart = null;
        long records = 0;
        long offsets = 0;
        Map<String, Double> perTopic = new TreeMap<>();
        Map<String, Double> bytes = new TreeMap<>();
        for (Map.Entry<String, TopicCensus.Count> entry : counts.entrySet()) {
            TopicCensus.Count count = entry.getValue();
            records += count.records();
            offsets += count.offsets();
            if (count.records() > 0) {
                perTopic.put(entry.getKey(), round((double) count.records() / sent));
                bytes.put(entry.getKey(), round((double) count.bytes() / count.records()));
            }
        }
        return new StepDetail(round((double) records / sent), round((double) offsets / sent), perTopic, bytes);
    }

    private void checkLedgersAlive() {
        for (ChildJvm ledger : ledgers) {
            if (!ledger.isAlive()) {
                throw new IllegalStateException("the ledger JVM (pid " + ledger.pid() + ") has exited; last lines of "
                    + ledger.logFile() + ":\n" + ledger.logTail(30));
            }
        }
        if (tap.failure() != null) {
            throw new IllegalStateException("the results reader failed", tap.failure());
        }
    }

    /** A summary of the topics for the report: name to partitions. */
    public Map<String, Integer> topicPartitions() throws Exception {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get()
            .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        return partitions;
    }

    @Override
    public void close() {
        closeQuietly(tap);
        closeQuietly(producer);
        ledgers.forEach(ChildJvm::close);
        closeQuietly(admin);
        closeQuietly(broker);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Cannot close {}: {}", closeable, e.toString());
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
