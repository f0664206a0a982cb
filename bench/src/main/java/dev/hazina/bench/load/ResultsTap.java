package dev.hazina.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a results topic live, as a channel does (read_committed, from the end as of its start), and
 * reports every outcome to a tracker with the time it became visible here.
 */
public final class ResultsTap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsTap.class);

    /** What a result record says: the request's intended send time, and whether it is a first outcome. */
    public record Outcome(long intendedMs, boolean first) {
    }

    /** Decodes a result record; null to ignore the record. */
    @FunctionalInterface
    public interface Decoder {
        Outcome decode(ConsumerRecord<byte[], byte[]> record);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Decoder decoder;
    private final OutcomeTracker tracker;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public ResultsTap(String bootstrapServers, String topic, Decoder decoder, OutcomeTracker tracker) {
        this.decoder = decoder;
        this.tracker = tracker;
        consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
            ConsumerConfig.CLIENT_ID_CONFIG, "bench-results-" + topic),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::watch, "bench-results-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long seenAt = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Outcome outcome = decoder.decode(record);
                    if (outcome != null) {
                        tracker.answered(outcome.intendedMs(), seenAt, outcome.first());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Results tap stopped", e);
        }
    }

    /** The error that stopped the tap, or null. */
    public RuntimeException failure() {
        return failure;
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
