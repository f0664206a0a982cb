package dev.hazina.app.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.hazina.app.replay.ReplayAudit.Line;
import dev.hazina.app.replay.ReplayAudit.Verdict;
import dev.hazina.app.replay.RequestRange.Requested;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;

/**
 * Replays a range of one request partition while the ledger runs: finds the ledger's original
 * answer to every record, sends each answered record again, byte for byte, to the partition it came
 * from (with a {@value #REPLAY_OF_HEADER} header naming the original), then reads the ledger's answers
 * to the copies and judges them with {@link ReplayAudit}. A record whose original answer is not found
 * (still in flight, or written before the scan's start) is not sent.
 */
public final class Replayer {

    public static final String REPLAY_OF_HEADER = "hazina-replay-of";
    /** How close to the dedupe horizon a request may be and still be replayed without --force. */
    public static final Duration HORIZON_MARGIN = Duration.ofMinutes(10);

    private final LedgerConfig config;

    public Replayer(LedgerConfig config) {
        this.config = config;
    }

    /** What to replay: a partition of a request topic, by offsets {@code [fromOffset, toOffset)} or by append time. */
    public record Range(String topic, int partition, Long fromOffset, Long toOffset, Instant fromTime, Instant toTime) {
    }

    /** The outcome: refused before sending (with the reason), or the diff. */
    public record Report(String refusal, long from, long to, int records, List<Line> lines, Map<Verdict, Integer> counts) {

        public boolean clean() {
            return refusal == null && ReplayAudit.clean(counts);
        }
    }

    /**
     * @param settle how long to wait for the original answers of the range's latest records
     * @param timeout how long to wait for the answers to the copies
     */
    public Report replay(Range wanted, boolean force, Duration settle, Duration timeout) throws Exception {
        LedgerTopics topics = LedgerTopics.from(config);
        TopicPartition partition = new TopicPartition(wanted.topic(), wanted.partition());
        RequestRange range = wanted.fromTime() == null
            ? RequestRange.byOffset(config, partition, wanted.fromOffset(), wanted.toOffset(),
                topics.requests().valueSerde().deserializer())
            : RequestRange.byTime(config, partition, wanted.fromTime().toEpochMilli(),
                wanted.toTime() == null ? null : wanted.toTime().toEpochMilli(), topics.requests().valueSerde().deserializer());
        String refusal = force ? null : pastHorizon(range);
        if (refusal != null) {
            return new Report(refusal, range.from(), range.to(), range.records().size(), List.of(), ReplayAudit.count(List.of()));
        }
        if (range.records().isEmpty()) {
            return new Report(null, range.from(), range.to(), 0, List.of(), ReplayAudit.count(List.of()));
        }
        Set<String> ids = new HashSet<>();
        range.records().stream().filter(record -> record.request() != null)
            .forEach(record -> ids.add(record.request().getRequestId()));
        long scanFrom = range.records().stream().mapToLong(record -> record.record().timestamp()).min().orElse(0)
            - Math.max(config.clockSkewMs(), Duration.ofMinutes(5).toMillis());
        try (AnswerLog originals = AnswerLog.since(config, partition, ids, scanFrom)) {
            originals.read(() -> range.records().stream().allMatch(record -> ReplayAudit.answered(record, originals)), settle);
            List<Requested> toSend = range.records().stream().filter(record -> ReplayAudit.answered(record, originals)).toList();
            // Opened after the originals are read, so a late original cannot pass for an answer to a copy.
            try (AnswerLog replays = AnswerLog.fromNow(config, partition, ids)) {
                Map<Long, Long> replayOffsets = send(toSend);
                replays.read(() -> answeredAgain(toSend, replayOffsets, originals, replays), timeout);
                List<Line> lines = ReplayAudit.judge(range.records(), replayOffsets, originals, replays, force);
                return new Report(null, range.from(), range.to(), range.records().size(), lines, ReplayAudit.count(lines));
            }
        }
    }

    private String pastHorizon(RequestRange range) {
        long limit = Instant.now().toEpochMilli() - config.dedupeHorizonMs() + HORIZON_MARGIN.toMillis();
        List<Requested> old = range.records().stream()
            .filter(record -> record.request() != null && record.request().getRequestedAt() < limit).toList();
        if (old.isEmpty()) {
            return null;
        }
        return old.size() + " of the " + range.records().size() + " requests (the first at offset " + old.get(0).offset()
            + ") were requested more than the dedupe horizon of " + Duration.ofMillis(config.dedupeHorizonMs())
            + " less " + HORIZON_MARGIN + " ago. The ledger may have forgotten them and would refuse them REQUEST_TOO_OLD, "
            + "so their answers could not be checked. Narrow the range, or add --force to send them anyway.";
    }

    private Map<Long, Long> send(List<Requested> records) throws InterruptedException, ExecutionException {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientConfig());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<Long, Future<RecordMetadata>> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                 new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Requested requested : records) {
                var record = requested.record();
                RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                headers.add(REPLAY_OF_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
                    .getBytes(StandardCharsets.UTF_8));
                sent.put(record.offset(), producer.send(new ProducerRecord<>(record.topic(), record.partition(), null,
                    record.key(), record.value(), headers)));
            }
            producer.flush();
        }
        Map<Long, Long> offsets = new HashMap<>();
        for (var entry : sent.entrySet()) {
            offsets.put(entry.getKey(), entry.getValue().get().offset());
        }
        return offsets;
    }

    private static boolean answeredAgain(List<Requested> sent, Map<Long, Long> replayOffsets, AnswerLog originals,
                                         AnswerLog replays) {
        Map<String, Integer> expected = new HashMap<>();
        for (Requested record : sent) {
            if (originals.deadLetter(record.offset()) != null) {
                if (replays.deadLetter(replayOffsets.get(record.offset())) == null) {
                    return false;
                }
            } else {
                expected.merge(record.request().getRequestId(), 1, Integer::sum);
            }
        }
        return expected.entrySet().stream().allMatch(e -> replays.results(e.getKey()).size() >= e.getValue());
    }
}
