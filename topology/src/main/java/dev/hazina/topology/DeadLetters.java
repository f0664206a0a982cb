package dev.hazina.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Builds dead-letter records: the original key and value bytes, where they came from, and why.
 * The exception handlers return them to Kafka Streams, which writes them in the same transaction
 * as the task's other output, so a record is never both processed and dead-lettered.
 */
final class DeadLetters {

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
        DeadLetter letter = DeadLetter.newBuilder()
            .setSourceTopic(context.topic())
            .setSourcePartition(context.partition())
            .setSourceOffset(context.offset())
            .setKey(wrap(context.sourceRawKey()))
            .setValue(wrap(context.sourceRawValue()))
            .setStage(stage)
            .setReason(reason)
            .setDetail(detail == null ? reason : detail)
            .setFailedAt(System.currentTimeMillis())
            .build();
        return List.of(new ProducerRecord<>(topic, null, context.timestamp(), context.sourceRawKey(),
            serializer.serialize(topic, letter), context.headers()));
    }

    private static java.nio.ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : java.nio.ByteBuffer.wrap(bytes);
    }
}
