package dev.hazina.reconciliation.settlement;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.DeadLetter;

/**
 * A settlement command that cannot be carried out becomes a dead letter with a stable reason code
 * and the original bytes (a prefix of big ones), in the same transaction as the task's other output.
 */
final class Rejections {

    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);
    static final String STAGE = "settlement-command";
    private static final int MAX_BYTES = 64 * 1024;

    private final ProcessorContext<Object, Object> context;

    Rejections(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    void reject(Record<byte[], byte[]> command, String reason, String detail) {
        LOG.warn("Settlement command rejected: {}: {}", reason, detail);
        RecordMetadata source = context.recordMetadata().orElse(null);
        byte[] value = command.value();
        boolean truncated = value != null && value.length > MAX_BYTES;
        DeadLetter letter = DeadLetter.newBuilder()
            .setSourceTopic(source == null ? "unknown" : source.topic())
            .setSourcePartition(source == null ? -1 : source.partition())
            .setSourceOffset(source == null ? -1 : source.offset())
            .setKey(command.key() == null ? null : ByteBuffer.wrap(prefix(command.key())))
            .setValue(value == null ? null : ByteBuffer.wrap(prefix(value)))
            .setStage(STAGE)
            .setReason(reason)
            .setDetail(detail)
            .setFailedAt(context.currentSystemTimeMs())
            .setTruncated(truncated)
            .setOriginalSize(truncated ? value.length : -1)
            .build();
        context.forward(new Record<Object, Object>(command.key(), letter, command.timestamp()), SettlementWindows.DEAD_LETTERS_SINK);
    }

    private static byte[] prefix(byte[] bytes) {
        return bytes.length <= MAX_BYTES ? bytes : Arrays.copyOf(bytes, MAX_BYTES);
    }
}
