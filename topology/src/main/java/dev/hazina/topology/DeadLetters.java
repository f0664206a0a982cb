package dev.hazina.topology;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Builds dead-letter records: the original key and value bytes, where they came from, and why. An
 * original too big to copy whole (over {@link #MAX_WHOLE_BYTES}) is kept as its first bytes, its size
 * and its value's SHA-256, so that its dead letter always fits the topic; the source keeps the whole.
 * The exception handlers return them to Kafka Streams, which writes them in the same transaction
 * as the task's other output, so a record is never both processed and dead-lettered.
 */
final class DeadLetters {

    /** Originals up to this size (key, value and headers) are kept whole; the topic's limit is 1 MB. */
    static final int MAX_WHOLE_BYTES = 256 * 1024;
    static final int KEY_PREFIX_BYTES = 1024;
    static final int VALUE_PREFIX_BYTES = 4096;

    private final String topic;
    private final Serializer<DeadLetter> serializer;
    private final LedgerMeters meters;
    private final DeadLetterLog log = new DeadLetterLog(System::currentTimeMillis);

    private DeadLetters(String topic, Serializer<DeadLetter> serializer, LedgerMeters meters) {
        this.topic = topic;
        this.serializer = serializer;
        this.meters = meters;
    }

    /** From the configs Kafka Streams hands to an exception handler (they include the hazina.* keys). */
    static DeadLetters fromStreamsConfigs(Map<String, ?> configs) {
        LedgerConfig config = ledgerConfig(configs);
        return new DeadLetters(config.topicName(TopicName.DEAD_LETTERS),
            AvroSerde.forValues(DeadLetter.class, config.serdeConfig()).serializer(), LedgerMeters.fromStreamsConfigs(configs));
    }

    /** The ledger's config from the hazina.* keys among the configs Kafka Streams hands to a handler. */
    static LedgerConfig ledgerConfig(Map<String, ?> configs) {
        Map<String, Object> hazina = new HashMap<>();
        configs.forEach((key, value) -> {
            if (key.startsWith("hazina.") && !key.equals(LedgerMeters.CONFIG)) {
                hazina.put(key, value);
            }
        });
        return new LedgerConfig(hazina);
    }

    /** The dead letter for the record in {@code context}, counted and logged (rate-limited). */
    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, String stage, String reason, String detail) {
        meters.deadLetter(reason);
        log.record(context.topic() + "-" + context.partition() + "@" + context.offset(), reason, detail);
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        Headers headers = context.headers();
        long size = length(key) + length(value) + headersSize(headers);
        DeadLetter.Builder letter = DeadLetter.newBuilder()
            .setSourceTopic(context.topic())
            .setSourcePartition(context.partition())
            .setSourceOffset(context.offset())
            .setStage(stage)
            .setReason(reason)
            .setDetail(detail == null ? reason : detail)
            .setFailedAt(System.currentTimeMillis());
        // A dead letter must fit the topic whatever came in: keep a big record's prefix, size and hash only.
        if (size > MAX_WHOLE_BYTES) {
            letter.setTruncated(true).setOriginalSize(size).setOriginalValueSha256(value == null ? null : sha256(value));
            key = prefix(key, KEY_PREFIX_BYTES);
            value = prefix(value, VALUE_PREFIX_BYTES);
            headers = new RecordHeaders();
        }
        letter.setKey(wrap(key)).setValue(wrap(value));
        return List.of(new ProducerRecord<>(topic, null, context.timestamp(), key,
            serializer.serialize(topic, letter.build()), headers));
    }

    private static long headersSize(Headers headers) {
        long size = 0;
        for (Header header : headers) {
            size += header.key().length() + length(header.value());
        }
        return size;
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] prefix(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
