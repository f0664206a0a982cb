package dev.hazina.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutputReaderTest {

    private static final OutputReader.Topics TOPICS = OutputReader.Topics.defaults();
    private static final int ENTRY_PARTITIONS = 3;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private LedgerOutputs written;

    @BeforeEach
    void writeTopics() {
        LedgerSimulator ledger = new LedgerSimulator()
                .open("cust-1", AccountType.CUSTOMER, 0, null)
                .open("cust-2", AccountType.CUSTOMER, 0, null);
        ledger.issue("cust-1", 10_000);
        ledger.transfer(TransferKind.P2P, "cust-1", "cust-2", 4_000);
        written = ledger.outputs();

        partitions(TOPICS.results(), 1);
        partitions(TOPICS.entries(), ENTRY_PARTITIONS);
        partitions(TOPICS.legs(), 1);
        partitions(TOPICS.accountEvents(), 1);
        written.results().forEach(result -> append(TOPICS.results(), 0, result));
        written.entries().forEach(entry ->
                append(TOPICS.entries(), Math.floorMod(entry.getAccountId().hashCode(), ENTRY_PARTITIONS), entry));
        written.legs().forEach(leg -> append(TOPICS.legs(), 0, leg));
        written.accountEvents().forEach(event -> append(TOPICS.accountEvents(), 0, event));
    }

    @Test
    void shouldReadEveryTopicToItsEndOffsets() {
        // Given
        deliverRecords();

        // When
        LedgerOutputs outputs = reader(Duration.ofSeconds(5)).read();

        // Then
        assertThat(outputs.results()).containsExactlyElementsOf(written.results());
        assertThat(outputs.entries()).containsExactlyInAnyOrderElementsOf(written.entries());
        assertThat(outputs.legs()).containsExactlyElementsOf(written.legs());
        assertThat(outputs.accountEvents()).containsExactlyElementsOf(written.accountEvents());
        assertThat(outputs.requests()).isEmpty();
        assertThat(LedgerChecker.check(outputs.withRequests(written.requests()), true).violations()).isEmpty();
        assertThat(consumer.assignment()).hasSize(3 + ENTRY_PARTITIONS);
    }

    @Test
    void shouldIgnoreRecordsWrittenAfterTheEndOffsetsWereTaken() {
        // Given: the end offsets are taken, then one more result is written
        consumer.updateEndOffsets(ends);
        TransferResult late = TransferResult.newBuilder(written.results().get(0)).setRequestId("late").build();
        append(TOPICS.results(), 0, late);
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));

        // When
        LedgerOutputs outputs = reader(Duration.ofSeconds(5)).read();

        // Then
        assertThat(outputs.results()).containsExactlyElementsOf(written.results()).doesNotContain(late);
    }

    @Test
    void shouldTimeOutNamingThePartitionsBehind() {
        // Given: the end offset of results promises two records that never arrive
        TopicPartition results = new TopicPartition(TOPICS.results(), 0);
        ends.merge(results, 2L, Long::sum);
        deliverRecords();

        // When / Then
        assertThatThrownBy(() -> reader(Duration.ofMillis(300)).read())
                .isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("Timed out after PT0.3S reading the ledger outputs to their end offsets")
                .hasMessageContaining("behind: hazina.transfer-results-0 at offset " + written.results().size()
                        + " of " + (written.results().size() + 2));
    }

    @Test
    void shouldFailWhenATopicIsMissing() {
        // Given
        deliverRecords();
        OutputReader.Topics topics = new OutputReader.Topics("no-such-topic", TOPICS.entries(), TOPICS.legs(), TOPICS.accountEvents());

        // When / Then
        assertThatThrownBy(() -> new OutputReader(consumer, topics, deserializers(), Duration.ofSeconds(1)).read())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Topic no-such-topic does not exist or has no partitions");
    }

    @Test
    void shouldNameTheRecordThatCannotBeRead() {
        // Given
        TopicPartition legs = new TopicPartition(TOPICS.legs(), 0);
        long offset = ends.get(legs);
        records.add(new ConsumerRecord<>(TOPICS.legs(), 0, offset, null, new byte[] {1, 2, 3}));
        ends.put(legs, offset + 1);
        deliverRecords();

        // When / Then
        assertThatThrownBy(() -> reader(Duration.ofSeconds(5)).read())
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot read the value at hazina.ledger-legs-0@" + offset);
    }

    @Test
    void shouldSkipTombstones() {
        // Given
        TopicPartition events = new TopicPartition(TOPICS.accountEvents(), 0);
        long offset = ends.get(events);
        records.add(new ConsumerRecord<>(TOPICS.accountEvents(), 0, offset, "cust-1".getBytes(), null));
        ends.put(events, offset + 1);
        deliverRecords();

        // When
        LedgerOutputs outputs = reader(Duration.ofSeconds(5)).read();

        // Then
        assertThat(outputs.accountEvents()).containsExactlyElementsOf(written.accountEvents());
    }

    @Test
    void shouldReadCommittedWithoutAutoCommit() {
        // When
        Map<String, Object> config = OutputReader.consumerConfig(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));

        // Then
        assertThat(config)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    }

    @Test
    void shouldCloseTheConsumer() {
        // When
        reader(Duration.ofSeconds(1)).close();

        // Then
        assertThat(consumer.closed()).isTrue();
    }

    private OutputReader reader(Duration timeout) {
        return new OutputReader(consumer, TOPICS, deserializers(), timeout);
    }

    private static OutputReader.Deserializers deserializers() {
        return new OutputReader.Deserializers(
                avroDeserializer(TransferResult.class),
                avroDeserializer(LedgerEntry.class),
                avroDeserializer(LedgerLeg.class),
                avroDeserializer(AccountEvent.class));
    }

    /** Plain Avro binary, standing in for the schemas module's registry-aware serde. */
    private static <T extends SpecificRecordBase> Deserializer<T> avroDeserializer(Class<T> type) {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
        return (topic, data) -> {
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(data, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static byte[] encode(SpecificRecordBase value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecordBase>(value.getSchema()).write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void partitions(String topic, int count) {
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int partition = 0; partition < count; partition++) {
            infos.add(new PartitionInfo(topic, partition, null, null, null));
            beginnings.put(new TopicPartition(topic, partition), 0L);
            ends.put(new TopicPartition(topic, partition), 0L);
        }
        consumer.updatePartitions(topic, infos);
        consumer.updateBeginningOffsets(beginnings);
    }

    private void append(String topic, int partition, SpecificRecordBase value) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long offset = ends.get(tp);
        byte[] bytes = encode(value);
        records.add(new ConsumerRecord<>(topic, partition, offset, null, bytes));
        ends.put(tp, offset + 1);
    }

    /** Captures the end offsets as they stand and hands the records over on the first poll. */
    private void deliverRecords() {
        consumer.updateEndOffsets(ends);
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }
}
