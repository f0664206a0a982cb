package dev.hazina.app.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerException;
import dev.hazina.topology.LedgerTopics;

/**
 * The ledger's answers to one request partition, read as committed from {@code hazina.transfer-results}
 * (by requestId, in the order written) and {@code hazina.dead-letters} (by source offset). Both are the
 * ledger's own outputs: a record that cannot be read stops the replay.
 */
final class AnswerLog implements ReplayAudit.Answers, AutoCloseable {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final Deserializer<TransferResult> results;
    private final Deserializer<DeadLetter> deadLetters;
    private final TopicPartition source;
    private final Set<String> wanted;
    private final Map<String, List<TransferResult>> byRequestId = new HashMap<>();
    private final Map<Long, DeadLetter> bySourceOffset = new HashMap<>();

    private AnswerLog(LedgerConfig config, TopicPartition source, Set<String> wanted) {
        LedgerTopics topics = LedgerTopics.from(config);
        this.consumer = CommittedConsumer.create(config);
        this.resultsTopic = topics.results().name();
        this.results = topics.results().valueSerde().deserializer();
        this.deadLetters = topics.deadLetters().valueSerde().deserializer();
        this.source = source;
        this.wanted = wanted;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(resultsTopic, topics.deadLetters().name())) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
    }

    /** The answers written at or after {@code timestamp}. */
    static AnswerLog since(LedgerConfig config, TopicPartition source, Set<String> wanted, long timestamp) {
        AnswerLog log = new AnswerLog(config, source, wanted);
        Map<TopicPartition, Long> times = new HashMap<>();
        log.consumer.assignment().forEach(partition -> times.put(partition, Math.max(0, timestamp)));
        Map<TopicPartition, OffsetAndTimestamp> found = log.consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = log.consumer.endOffsets(log.consumer.assignment());
        found.forEach((partition, at) -> log.consumer.seek(partition, at == null ? ends.get(partition) : at.offset()));
        return log;
    }

    /** The answers written from now on: positions are taken before this returns, so none slips past. */
    static AnswerLog fromNow(LedgerConfig config, TopicPartition source, Set<String> wanted) {
        AnswerLog log = new AnswerLog(config, source, wanted);
        log.consumer.seekToEnd(log.consumer.assignment());
        log.consumer.assignment().forEach(log.consumer::position);
        return log;
    }

    /** Reads up to the topics' current ends, then on until {@code done} or {@code timeout} has passed. */
    void read(BooleanSupplier done, Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long catchUpDeadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() > catchUpDeadline) {
                throw new IllegalStateException("could not read the ledger's answers up to " + ends + " within "
                    + CATCH_UP_TIMEOUT);
            }
            poll();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            poll();
        }
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            keep(record);
        }
    }

    @Override
    public List<TransferResult> results(String requestId) {
        return byRequestId.getOrDefault(requestId, List.of());
    }

    /** The dead letter of the source record at {@code offset}, or null. */
    @Override
    public DeadLetter deadLetter(long offset) {
        return bySourceOffset.get(offset);
    }

    private void keep(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(resultsTopic)) {
                TransferResult result = results.deserialize(record.topic(), record.value());
                if (wanted.contains(result.getRequestId())) {
                    byRequestId.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>()).add(result);
                }
            } else {
                DeadLetter letter = deadLetters.deserialize(record.topic(), record.value());
                if (letter.getSourceTopic().equals(source.topic()) && letter.getSourcePartition() == source.partition()) {
                    bySourceOffset.put(letter.getSourceOffset(), letter);
                }
            }
        } catch (RuntimeException e) {
            throw new LedgerException("cannot read the ledger's own output " + record.topic() + "-" + record.partition()
                + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
