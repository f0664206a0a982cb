package dev.hazina.app.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * A range of one partition of a request topic, read whole: offsets {@code [from, to)}. A record the
 * request schema cannot read is kept with a null request; the ledger dead-lettered it.
 */
record RequestRange(TopicPartition partition, long from, long to, List<Requested> records) {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** One record of the range as it sits in the topic. */
    record Requested(ConsumerRecord<byte[], byte[]> record, TransferRequest request) {

        long offset() {
            return record.offset();
        }
    }

    /** The offsets {@code [from, to)} of {@code partition}, each clipped to what the partition holds. */
    static RequestRange byOffset(LedgerConfig config, TopicPartition partition, long from, Long to,
                                 Deserializer<TransferRequest> requests) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config, partition)) {
            long start = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long first = Math.max(start, from);
            long last = Math.min(end, to == null ? end : to);
            return new RequestRange(partition, first, Math.max(first, last), read(consumer, partition, first, last, requests));
        }
    }

    /** The records appended at or after {@code fromMs} and before {@code toMs} (null: up to the end). */
    static RequestRange byTime(LedgerConfig config, TopicPartition partition, long fromMs, Long toMs,
                               Deserializer<TransferRequest> requests) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config, partition)) {
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long first = offsetAt(consumer, partition, fromMs, end);
            long last = toMs == null ? end : offsetAt(consumer, partition, toMs, end);
            return new RequestRange(partition, first, Math.max(first, last), read(consumer, partition, first, last, requests));
        }
    }

    private static long offsetAt(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long ms, long end) {
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, ms)).get(partition);
        return found == null ? end : found.offset();
    }

    private static List<Requested> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long from,
                                        long to, Deserializer<TransferRequest> requests) {
        List<Requested> records = new ArrayList<>();
        consumer.seek(partition, from);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < to) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partition + " up to offset " + to + " within "
                    + READ_TIMEOUT + " (an open transaction holds it back?)");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < to) {
                    records.add(new Requested(record, decode(requests, record)));
                }
            }
        }
        return records;
    }

    private static TransferRequest decode(Deserializer<TransferRequest> requests, ConsumerRecord<byte[], byte[]> record) {
        try {
            return record.value() == null ? null : requests.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(LedgerConfig config, TopicPartition partition) {
        KafkaConsumer<byte[], byte[]> consumer = CommittedConsumer.create(config);
        consumer.assign(List.of(partition));
        return consumer;
    }
}
