package dev.hazina.bench.load;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.hazina.harness.TopicTailer;

/**
 * Reads a results topic live, as a channel does (read_committed, from the end as of its start), and
 * reports every outcome to a tracker with the time it became visible here: a {@link TopicTailer}
 * with a decoder.
 */
public final class ResultsTap implements AutoCloseable {

    /** What a result record says: the request's intended send time, and whether it is a first outcome. */
    public record Outcome(long intendedMs, boolean first) {
    }

    /** Decodes a result record; null to ignore the record. */
    @FunctionalInterface
    public interface Decoder {
        Outcome decode(ConsumerRecord<byte[], byte[]> record);
    }

    private final TopicTailer tailer;

    public ResultsTap(String bootstrapServers, String topic, Decoder decoder, OutcomeTracker tracker) {
        tailer = TopicTailer.fromEnd(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-results-" + topic),
            topic, "bench-results-tap", Duration.ofMillis(50), (record, seenAt) -> {
                Outcome outcome = decoder.decode(record);
                if (outcome != null) {
                    tracker.answered(outcome.intendedMs(), seenAt, outcome.first());
                }
            });
    }

    /** The error that stopped the tap, or null. */
    public RuntimeException failure() {
        return tailer.failure();
    }

    @Override
    public void close() {
        tailer.close();
    }
}
