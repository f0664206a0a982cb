package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Watches {@code hazina.transfer-results} live, as a channel would (read_committed, from the end
 * as of its start), and records each request's end-to-end latency: from the request's intended
 * send time to the moment its first outcome became visible here.
 */
public final class ResultWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWatcher.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<TransferResult> results;
    private final String topic;
    private final Recorder latencies = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastOutcomeAt = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public ResultWatcher(LedgerConfig config) {
        topic = config.topicName(TopicName.TRANSFER_RESULTS);
        results = AvroSerde.forValues(TransferResult.class, config.serdeConfig()).deserializer();
        consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.CLIENT_ID_CONFIG, "hazina-result-watcher"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::watch, "hazina-result-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    observe(results.deserialize(topic, record.value()), System.currentTimeMillis());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Result watcher stopped", e);
        }
    }

    private void observe(TransferResult result, long seenAt) {
        if (result.getDuplicate()) {
            duplicates.incrementAndGet();
        } else if (decided.add(result.getRequestId())) {
            latencies.recordValue(Math.max(0, seenAt - result.getRequestedAt()));
            lastOutcomeAt.set(seenAt);
        }
    }

    /** Requests with a first outcome so far. */
    public int decided() {
        return decided.size();
    }

    public boolean hasOutcome(String requestId) {
        return decided.contains(requestId);
    }

    public long duplicatesAnswered() {
        return duplicates.get();
    }

    public long lastOutcomeAt() {
        return lastOutcomeAt.get();
    }

    /** Latencies recorded since the last call are folded into {@link #latencies()}. */
    public synchronized Histogram latencies() {
        total.add(latencies.getIntervalHistogram());
        return total.copy();
    }

    /** Forgets latencies recorded so far (e.g. after setup). */
    public synchronized void resetLatencies() {
        latencies.getIntervalHistogram();
        total.reset();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
