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
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.harness.TopicTailer;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/**
 * Watches {@code hazina.transfer-results} live, as a channel would (read_committed, from the end
 * as of its start), and records each request's end-to-end latency: from the request's intended
 * send time to the moment its first outcome became visible here. Built on {@link TopicTailer}.
 */
public final class ResultWatcher implements AutoCloseable {

    private final Recorder latencies = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastOutcomeAt = new AtomicLong();
    private final TopicTailer tailer;

    public ResultWatcher(LedgerConfig config) {
        Topic<String, TransferResult> topic = LedgerTopics.from(config).results();
        Deserializer<TransferResult> results = topic.valueSerde().deserializer();
        tailer = TopicTailer.fromEnd(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "hazina-result-watcher"),
            topic.name(), "hazina-result-watcher", Duration.ofMillis(100),
            (record, seenAt) -> observe(results.deserialize(topic.name(), record.value()), seenAt));
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
        tailer.close();
    }
}
