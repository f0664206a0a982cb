package dev.hazina.reconciliation;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.TransferResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ledger's output topics into {@link LedgerOutputs}, up to the end offsets they had when
 * the read started.
 *
 * <p>Reads with {@code isolation.level=read_committed}, so the end offsets are the last stable
 * offsets and aborted writes are never seen. All partitions are assigned by hand (no consumer group,
 * nothing committed), read from the beginning, and records at or after the captured end offsets are
 * dropped. Records of one partition keep their offset order, so each account's entries stay in
 * posting order. The caller supplies the value deserializers (the Avro serdes of the schemas module)
 * and keeps ownership of them.
 *
 * <p>Caveat: commit markers land on each partition separately, so a transaction that commits while
 * the end offsets are taken may be captured on some partitions and not yet on others.
 */
public final class OutputReader implements AutoCloseable {

    public static final String DEFAULT_RESULTS_TOPIC = "hazina.transfer-results";
    public static final String DEFAULT_ENTRIES_TOPIC = "hazina.ledger-entries";
    public static final String DEFAULT_LEGS_TOPIC = "hazina.ledger-legs";
    public static final String DEFAULT_ACCOUNT_EVENTS_TOPIC = "hazina.account-events";

    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);
    private static final Duration MAX_POLL = Duration.ofMillis(200);

    /** The names of the topics to read. */
    public record Topics(String results, String entries, String legs, String accountEvents) {

        public Topics {
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(entries, "entries");
            Objects.requireNonNull(legs, "legs");
            Objects.requireNonNull(accountEvents, "accountEvents");
            if (Set.of(results, entries, legs, accountEvents).size() != 4) {
                throw new IllegalArgumentException("Each output must have its own topic: " + List.of(results, entries, legs, accountEvents));
            }
        }

        /** The default topic names. */
        public static Topics defaults() {
            return new Topics(DEFAULT_RESULTS_TOPIC, DEFAULT_ENTRIES_TOPIC, DEFAULT_LEGS_TOPIC, DEFAULT_ACCOUNT_EVENTS_TOPIC);
        }

        List<String> all() {
            return List.of(results, entries, legs, accountEvents);
        }
    }

    /** The value deserializers, one per topic. Keys are not read. */
    public record Deserializers(
            Deserializer<TransferResult> results,
            Deserializer<LedgerEntry> entries,
            Deserializer<LedgerLeg> legs,
            Deserializer<AccountEvent> accountEvents) {

        public Deserializers {
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(entries, "entries");
            Objects.requireNonNull(legs, "legs");
            Objects.requireNonNull(accountEvents, "accountEvents");
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Deserializers deserializers;
    private final Duration timeout;

    /**
     * A reader over {@code consumer}, which it closes when closed.
     *
     * @param consumer      a consumer configured with {@link #consumerConfig(Map)}, or a mock in tests
     * @param topics        the topics to read
     * @param deserializers how to read their values
     * @param timeout       how long one {@link #read()} may take in all
     */
    public OutputReader(Consumer<byte[], byte[]> consumer, Topics topics, Deserializers deserializers, Duration timeout) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.deserializers = Objects.requireNonNull(deserializers, "deserializers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A reader with its own {@link KafkaConsumer}, built from {@code config} (at least {@code bootstrap.servers}). */
    public static OutputReader create(Map<String, Object> config, Topics topics, Deserializers deserializers, Duration timeout) {
        return new OutputReader(new KafkaConsumer<>(consumerConfig(config)), topics, deserializers, timeout);
    }

    /**
     * {@code config} with the settings this reader relies on: byte-array key and value deserializers,
     * {@code isolation.level=read_committed} and no auto-commit. Those override the caller's.
     */
    public static Map<String, Object> consumerConfig(Map<String, Object> config) {
        Map<String, Object> result = new HashMap<>(config);
        result.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "hazina-reconciliation-reader");
        result.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        result.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        result.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        result.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return result;
    }

    /**
     * Reads every topic from the beginning to the end offsets it has now. The outputs carry no
     * requests; add them with {@link LedgerOutputs#withRequests(List)} when known.
     *
     * @throws TimeoutException       when the topics are not all read within the timeout, naming the
     *                                partitions still behind
     * @throws IllegalStateException  when a topic does not exist
     * @throws SerializationException when a value cannot be read, naming its topic, partition and offset
     */
    public LedgerOutputs read() {
        long started = System.nanoTime();
        Collected collected = new Collected();
        int partitions = readToEnds(consumer, topics.all(), collected::add, timeout, "the ledger outputs");
        LedgerOutputs outputs = collected.outputs();
        LOG.info("Read {} results, {} entries, {} legs and {} account events from {} partitions in {} ms",
                outputs.results().size(), outputs.entries().size(), outputs.legs().size(), outputs.accountEvents().size(),
                partitions, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return outputs;
    }

    /**
     * Reads one more topic the same way (e.g. the dead letters): every value up to the end offsets
     * as of the start of the read, read_committed, tombstones skipped.
     */
    public static <V> List<V> readValues(Map<String, Object> config, String topic, Deserializer<V> deserializer,
                                         Duration timeout) {
        List<V> values = new ArrayList<>();
        readRecords(config, topic, timeout, record -> {
            if (record.value() != null) {
                values.add(deserializer.deserialize(record.topic(), record.headers(), record.value()));
            }
        });
        return values;
    }

    /** Hands every record of {@code topic}, partition by partition in offset order, up to its end offsets as of now to {@code sink}. */
    public static void readRecords(Map<String, Object> config, String topic, Duration timeout,
                                   java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(config))) {
            readToEnds(consumer, List.of(topic), sink, timeout, topic);
        }
    }

    /** Hands every record of {@code topicNames} below the end offsets captured now to {@code sink}; returns the partition count. */
    private static int readToEnds(Consumer<byte[], byte[]> consumer, List<String> topicNames,
                                  java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink, Duration timeout,
                                  String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> behind;
        try {
            List<TopicPartition> partitions = partitions(consumer, topicNames, deadline);
            consumer.assign(partitions);
            ends = consumer.endOffsets(partitions, remaining(deadline));
            consumer.seekToBeginning(partitions);
            behind = pollToEnds(consumer, partitions, ends, sink, deadline);
        } catch (TimeoutException e) {
            throw new TimeoutException("Timed out after " + timeout + " reading " + what + ": " + e.getMessage(), e);
        }
        if (!behind.isEmpty()) {
            throw new TimeoutException("Timed out after " + timeout + " reading " + what + " to their end offsets; behind: "
                    + behind.entrySet().stream()
                            .map(lag -> lag.getKey() + " at offset " + lag.getValue() + " of " + ends.get(lag.getKey()))
                            .collect(Collectors.joining(", ")));
        }
        return ends.size();
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer, List<String> topicNames, long deadline) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topicNames) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist or has no partitions");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    /**
     * Polls until every partition's position reaches its end offset or the deadline passes, keeping
     * the records below the end offsets. Returns the partitions still behind, with their positions.
     */
    private static Map<TopicPartition, Long> pollToEnds(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                        Map<TopicPartition, Long> ends,
                                                        java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink,
                                                        long deadline) {
        Map<TopicPartition, Long> behind = new LinkedHashMap<>();
        partitions.forEach(partition -> behind.put(partition, -1L));
        while (true) {
            List<TopicPartition> caughtUp = new ArrayList<>();
            for (Map.Entry<TopicPartition, Long> lag : behind.entrySet()) {
                long position = consumer.position(lag.getKey(), remaining(deadline));
                lag.setValue(position);
                if (position >= ends.getOrDefault(lag.getKey(), 0L)) {
                    caughtUp.add(lag.getKey());
                }
            }
            if (!caughtUp.isEmpty()) {
                caughtUp.forEach(behind::remove);
                // Stop fetching what lies beyond the snapshot.
                consumer.pause(caughtUp);
            }
            if (behind.isEmpty() || System.nanoTime() >= deadline) {
                return behind;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(min(MAX_POLL, remaining(deadline)))) {
                Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end) {
                    sink.accept(record);
                }
            }
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The values read so far, sorted into their lists by topic. */
    private final class Collected {
        private final List<TransferResult> results = new ArrayList<>();
        private final List<LedgerEntry> entries = new ArrayList<>();
        private final List<LedgerLeg> legs = new ArrayList<>();
        private final List<AccountEvent> accountEvents = new ArrayList<>();

        void add(ConsumerRecord<byte[], byte[]> record) {
            String topic = record.topic();
            if (topic.equals(topics.results())) {
                addValue(results, deserializers.results(), record);
            } else if (topic.equals(topics.entries())) {
                addValue(entries, deserializers.entries(), record);
            } else if (topic.equals(topics.legs())) {
                addValue(legs, deserializers.legs(), record);
            } else if (topic.equals(topics.accountEvents())) {
                addValue(accountEvents, deserializers.accountEvents(), record);
            }
        }

        LedgerOutputs outputs() {
            return new LedgerOutputs(List.of(), results, entries, legs, accountEvents);
        }

        private <V> void addValue(List<V> values, Deserializer<V> deserializer, ConsumerRecord<byte[], byte[]> record) {
            if (record.value() == null) {
                return;
            }
            V value;
            try {
                value = deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                throw new SerializationException("Cannot read the value at " + record.topic() + "-" + record.partition()
                        + "@" + record.offset() + ": " + e.getMessage(), e);
            }
            if (value != null) {
                values.add(value);
            }
        }
    }
}
