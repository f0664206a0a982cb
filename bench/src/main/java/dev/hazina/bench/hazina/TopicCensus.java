package dev.hazina.bench.hazina;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what was written to a cluster between two points: the advance of every topic's end
 * offsets, and the data records in that range, read back. The two differ by the transaction
 * markers (one per partition a transaction wrote to), which take an offset but are not records.
 * Internal topics (__consumer_offsets, __transaction_state) are left out.
 */
public final class TopicCensus {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(3);

    /** Per topic: end-offset advance, data records, and their key + value bytes. */
    public record Count(long offsets, long records, long bytes) {
    }

    private final String bootstrapServers;
    private final Admin admin;

    public TopicCensus(String bootstrapServers, Admin admin) {
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
    }

    /** The end offset of every partition of every non-internal topic. */
    public Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException {
        Map<String, TopicDescription> topics = admin.describeTopics(admin.listTopics().names().get())
            .allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topics.forEach((name, description) -> description.partitions()
            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Counts, per topic, what lies between {@code from} and {@code to} (partitions new since count from 0). */
    public Map<String, Count> count(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        to.forEach((tp, end) -> {
            long begin = from.getOrDefault(tp, 0L);
            totals.computeIfAbsent(tp.topic(), t -> new long[3])[0] += end - begin;
            if (end > begin) {
                start.put(tp, begin);
            }
        });
        if (!start.isEmpty()) {
            read(start, to, totals);
        }
        Map<String, Count> counts = new TreeMap<>();
        totals.forEach((topic, t) -> counts.put(topic, new Count(t[0], t[1], t[2])));
        return counts;
    }

    private void read(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, Map<String, long[]> totals) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20,
            ConsumerConfig.CLIENT_ID_CONFIG, "bench-topic-census"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            List<TopicPartition> remaining = new ArrayList<>(start.keySet());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic census did not finish within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        long[] t = totals.get(record.topic());
                        t[1]++;
                        t[2] += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    }
                }
                remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                consumer.pause(start.keySet().stream().filter(tp -> !remaining.contains(tp)).toList());
            }
        }
    }
}
