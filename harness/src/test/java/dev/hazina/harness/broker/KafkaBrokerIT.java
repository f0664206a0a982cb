package dev.hazina.harness.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real KRaft broker in a child JVM: transactions, read_committed, and committed data surviving kill -9. */
class KafkaBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerIT.class);
    private static final int PARTITIONS = 8;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path tempDir;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        broker = KafkaBroker.start(BrokerSettings.of(tempDir.resolve("broker")));
        LOG.info("Measured: format + launch to ready {} ms, broker RSS {} MB (pid {})",
            millisSince(started), rssMegabytes(broker.pid()), broker.pid());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowReadCommittedConsumerExactlyTheCommittedTransactions() throws Exception {
        // Given
        String topic = createTopic("it.transactions");

        // When
        try (KafkaProducer<String, String> producer = transactionalProducer("it-tx-commit-abort")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "first", true);
            sendInTransaction(producer, topic, "aborted", false);
            sendInTransaction(producer, topic, "third", true);
        }

        // Then
        assertThat(readUntilVisible(topic, 2 * values("first").size()))
            .containsExactlyInAnyOrderElementsOf(concat(values("first"), values("third")));
        // The aborted records did reach the log: only isolation hides them.
        assertThat(readAll(topic, "read_uncommitted"))
            .containsExactlyInAnyOrderElementsOf(concat(values("first"), values("aborted"), values("third")));
    }

    @Test
    void shouldKeepCommittedDataAndTakeNewTransactionsAfterKillAndRestart() throws Exception {
        // Given
        String topic = createTopic("it.survives-kill");
        String bootstrap = broker.bootstrapServers();
        try (KafkaProducer<String, String> producer = transactionalProducer("it-tx-kill")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "before-kill", true);
        }
        long killedPid = broker.pid();

        // When
        broker.kill();
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        long restarted = System.nanoTime();
        broker.restart();
        LOG.info("Measured: restart after kill -9 to ready {} ms, broker RSS {} MB (pid {})",
            millisSince(restarted), rssMegabytes(broker.pid()), broker.pid());

        // Then
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(broker.pid()).isNotEqualTo(killedPid);
        assertThat(readUntilVisible(topic, values("before-kill").size()))
            .containsExactlyInAnyOrderElementsOf(values("before-kill"));
        try (KafkaProducer<String, String> producer = transactionalProducer("it-tx-kill")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "after-restart", true);
        }
        assertThat(readUntilVisible(topic, 2 * values("before-kill").size()))
            .containsExactlyInAnyOrderElementsOf(concat(values("before-kill"), values("after-restart")));
    }

    @Test
    void shouldKeepCommittedDataAfterGracefulStopAndRestart() throws Exception {
        // Given
        String topic = createTopic("it.survives-stop");
        try (KafkaProducer<String, String> producer = transactionalProducer("it-tx-stop")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "before-stop", true);
        }
        long stoppedPid = broker.pid();

        // When
        long stopping = System.nanoTime();
        broker.stop();
        long stopMillis = millisSince(stopping);
        assertThat(ProcessHandle.of(stoppedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        long restarted = System.nanoTime();
        broker.restart();
        LOG.info("Measured: graceful stop {} ms, restart to ready {} ms", stopMillis, millisSince(restarted));

        // Then
        assertThat(readUntilVisible(topic, values("before-stop").size()))
            .containsExactlyInAnyOrderElementsOf(values("before-stop"));
    }

    @Test
    void shouldRefuseToStartOnAPortThatIsInUse() {
        BrokerSettings clash = BrokerSettings.of(tempDir.resolve("clash")).withPort(broker.settings().port());

        assertThatThrownBy(() -> KafkaBroker.start(clash))
            .isInstanceOf(BrokerException.class)
            .hasMessageContaining("port " + broker.settings().port())
            .hasMessageContaining("already in use");
    }

    @Test
    void shouldReportTheBrokerLogWhenFormattingFails() {
        BrokerSettings invalid = BrokerSettings.of(tempDir.resolve("invalid")).withOverride("num.partitions", "lots");

        assertThatThrownBy(() -> KafkaBroker.start(invalid))
            .isInstanceOf(BrokerException.class)
            .hasMessageContaining("StorageTool format failed")
            .hasMessageContaining("num.partitions");
    }

    private static String createTopic(String name) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
            assertThat(describeWhenVisible(admin, name).partitions()).hasSize(PARTITIONS);
        }
        return name;
    }

    /** The controller has created the topic; the broker learns of it a moment later. */
    private static TopicDescription describeWhenVisible(Admin admin, String name) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(UnknownTopicOrPartitionException.class);
                assertThat(System.nanoTime()).as("topic %s visible", name).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Sends {@link #values(String)} of {@code batch}, keyed across all partitions, in one transaction. */
    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String batch,
                                          boolean commit) {
        producer.beginTransaction();
        for (String value : values(batch)) {
            producer.send(new ProducerRecord<>(topic, value, value));
        }
        producer.flush();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static List<String> values(String batch) {
        return IntStream.range(0, 40).mapToObj(i -> batch + "-" + i).collect(Collectors.toList());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /**
     * Reads read_committed until at least {@code expected} values are visible (or 30 s pass).
     * {@code commitTransaction} returns once the coordinator has logged the commit; it writes the
     * markers that make the records visible a moment later. And right after a restart from kill -9
     * the broker may briefly report the high watermark of its last checkpoint.
     */
    private static List<String> readUntilVisible(String topic, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        List<String> values = readAll(topic, "read_committed");
        while (values.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            values = readAll(topic, "read_committed");
        }
        return values;
    }

    /** Every value in {@code topic} visible at {@code isolation}, read up to the end offsets of all partitions. */
    private static List<String> readAll(String topic, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end offsets %s", topic, end).isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static long rssMegabytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                .findFirst()
                .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
