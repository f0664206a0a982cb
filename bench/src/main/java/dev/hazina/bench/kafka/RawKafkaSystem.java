package dev.hazina.bench.kafka;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.bench.load.OutcomeTracker;
import dev.hazina.bench.load.ResultsTap;
import dev.hazina.bench.load.SystemUnderTest;
import dev.hazina.harness.ChildJvm;
import dev.hazina.bench.proc.MeasuredProcess;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/**
 * Raw Kafka on the same box: a fresh broker, the {@link RawKafkaLoop} in its own JVM, and the same
 * channel traffic (the same Avro request bytes and keys, so the same partition skew) sent by a
 * producer configured as the channel's. Latency is from the request's intended send time to its
 * first result, read_committed, as for Hazina.
 */
public final class RawKafkaSystem implements SystemUnderTest {

    private static final Logger LOG = LoggerFactory.getLogger(RawKafkaSystem.class);

    private final Path workDir;
    private final LedgerConfig ledgerSettings;
    private final FanOut fanOut;
    private final String loopHeap;
    private final String brokerHeap;
    private final OutcomeTracker tracker = new OutcomeTracker();
    private KafkaBroker broker;
    private ChildJvm loop;
    private KafkaProducer<byte[], byte[]> producer;
    private Serializer<TransferRequest> requests;
    private String requestsSubjectTopic;
    private ResultsTap tap;

    /**
     * @param ledgerSettings the ledger's settings: partitions, stream threads, commit interval and
     *                       hazina.streams.* client settings are copied
     * @param fanOut         what to write per transfer, from a measured Hazina step
     * @param loopHeap       -Xmx of the loop's JVM (the ledger's)
     * @param brokerHeap     -Xmx of the broker JVM (Hazina's broker's)
     */
    public RawKafkaSystem(Path workDir, LedgerConfig ledgerSettings, FanOut fanOut, String loopHeap, String brokerHeap) {
        this.workDir = workDir;
        this.ledgerSettings = ledgerSettings;
        this.fanOut = fanOut;
        this.loopHeap = loopHeap;
        this.brokerHeap = brokerHeap;
    }

    @Override
    public String name() {
        return "raw-kafka";
    }

    public FanOut fanOut() {
        return fanOut;
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(workDir);
        broker = KafkaBroker.start(BrokerSettings.of(workDir.resolve("broker")).withHeap(brokerHeap));
        Map<String, Object> values = new HashMap<>(ledgerSettings.originals());
        values.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        LedgerConfig config = new LedgerConfig(values);
        createTopics(config.partitions());

        Properties properties = new Properties();
        config.originals().forEach((key, value) -> properties.setProperty(key, value.toString()));
        Path settingsFile = workDir.resolve("loop.properties");
        try (OutputStream out = Files.newOutputStream(settingsFile)) {
            properties.store(out, "raw kafka loop");
        }
        Path fanOutFile = workDir.resolve("fanout.txt");
        fanOut.write(fanOutFile);
        loop = ChildJvm.start("raw-kafka-loop", List.of("-Xms" + loopHeap, "-Xmx" + loopHeap),
            RawKafkaLoop.class.getName(), List.of(settingsFile.toString(), fanOutFile.toString()), workDir, Map.of());
        loop.awaitLog(RawKafkaLoop.READY_LINE, Duration.ofMinutes(2));

        LedgerRunner.registerSchemas(config);
        Topic<String, TransferRequest> hazinaRequests = LedgerTopics.from(config).requests();
        requests = hazinaRequests.valueSerde().serializer();
        // The same bytes Hazina's channel writes, schema id included: serialized under Hazina's requests subject.
        requestsSubjectTopic = hazinaRequests.name();
        producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
            new ByteArraySerializer(), new ByteArraySerializer());
        tap = new ResultsTap(broker.bootstrapServers(), FanOut.RESULTS, record -> {
            Header first = record.headers().lastHeader(RawKafkaLoop.FIRST);
            Header intended = record.headers().lastHeader(RawKafkaLoop.INTENDED);
            return first == null || intended == null ? null
                : new ResultsTap.Outcome(ByteBuffer.wrap(intended.value()).getLong(), true);
        }, tracker);
        LOG.info("Raw Kafka loop writes {} records per transfer: {}", Math.round(fanOut.recordsPerTransfer() * 100) / 100.0,
            fanOut.outputs());
    }

    private void createTopics(int partitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(FanOut.REQUESTS, partitions, (short) 1));
        for (FanOut.Output output : fanOut.outputs()) {
            NewTopic topic = new NewTopic(output.topic(), partitions, (short) 1);
            if (output.compacted()) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(topics).all().get();
        }
    }

    @Override
    public void submit(TrafficRecord record, long intendedMs) {
        byte[] value = record.rawValue() != null ? record.rawValue() : requests.serialize(requestsSubjectTopic, record.request());
        RecordHeaders headers = new RecordHeaders();
        headers.add(RawKafkaLoop.INTENDED, ByteBuffer.allocate(Long.BYTES).putLong(intendedMs).array());
        tracker.submitted(intendedMs, true, true);
        producer.send(new ProducerRecord<>(FanOut.REQUESTS, null, record.key().getBytes(StandardCharsets.UTF_8), value,
            headers));
    }

    @Override
    public OutcomeTracker tracker() {
        return tracker;
    }

    @Override
    public List<MeasuredProcess> processes() {
        return List.of(MeasuredProcess.single("broker", broker.pid()),
            MeasuredProcess.single("controller", broker.controllerPid()),
            MeasuredProcess.single("raw-loop", loop.pid()),
            MeasuredProcess.single("driver", ProcessHandle.current().pid()));
    }

    @Override
    public void beforeStep() {
        if (!loop.isAlive()) {
            throw new IllegalStateException("the raw Kafka loop has exited; last lines of " + loop.logFile() + ":\n"
                + loop.logTail(30));
        }
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {tap, producer, loop, broker}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Cannot close {}: {}", closeable, e.toString());
                }
            }
        }
    }
}
