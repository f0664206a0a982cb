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
 * An outside record that cannot be carried out (a settlement command, a trust statement) becomes a
 * dead letter with a stable reason code and the original bytes (a prefix of big ones), forwarded to
 * the dead-letters sink it is given, in the same transaction as the task's other output.
 */
public final class Rejections {

    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);
    static final String STAGE = "settlement-command";
    private static final int MAX_BYTES = 64 * 1024;

    private final ProcessorContext<Object, Object> context;
    private final String stage;
    private final String sink;

    /** Rejections of a settlement command processor. */
    Rejections(ProcessorContext<Object, Object> context) {
        this(context, STAGE, SettlementWindows.DEAD_LETTERS_SINK);
    }

    /** Rejections at {@code stage}, forwarded to the child {@code sink} of the processor that owns {@code context}. */
    public Rejections(ProcessorContext<Object, Object> context, String stage, String sink) {
        this.context = context;
        this.stage = stage;
        this.sink = sink;
    }

    public void reject(Record<byte[], byte[]> command, String reason, String detail) {
        LOG.warn("{} rejected: {}: {}", stage, reason, detail);
        RecordMetadata source = context.recordMetadata().orElse(null);
        byte[] value = command.value();
        boolean truncated = value != null && value.length > MAX_BYTES;
        DeadLetter letter = DeadLetter.newBuilder()
            .setSourceTopic(source == null ? "unknown" : source.topic())
            .setSourcePartition(source == null ? -1 : source.partition())
            .setSourceOffset(source == null ? -1 : source.offset())
            .setKey(command.key() == null ? null : ByteBuffer.wrap(prefix(command.key())))
            .setValue(value == null ? null : ByteBuffer.wrap(prefix(value)))
            .setStage(stage)
            .setReason(reason)
            .setDetail(detail)
            .setFailedAt(context.currentSystemTimeMs())
            .setTruncated(truncated)
            .setOriginalSize(truncated ? value.length : -1)
            .build();
        context.forward(new Record<Object, Object>(command.key(), letter, command.timestamp()), sink);
    }

    private static byte[] prefix(byte[] bytes) {
        return bytes.length <= MAX_BYTES ? bytes : Arrays.copyOf(bytes, MAX_BYTES);
    }
}
