package dev.hazina.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-record checks shared by the processors: the record sits on the partition its key hashes to
 * (else an account's state would split across tasks), and an input replayed below the offset
 * already processed is skipped rather than applied twice. The fraud stream uses the routing check
 * too (its offsets store may be null).
 */
public final class RecordGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RecordGuard.class);

    private final ProcessorContext<?, ?> context;
    private final int partitions;
    private final KeyValueStore<String, Long> offsets;

    public RecordGuard(ProcessorContext<?, ?> context, int partitions, KeyValueStore<String, Long> offsets) {
        this.context = context;
        this.partitions = partitions;
        this.offsets = offsets;
    }

    int partition() {
        return context.taskId().partition();
    }

    /** Throws a {@link DeadLetterException} unless {@code key} belongs on this record's partition. */
    public void checkRouting(String key) {
        if (key == null || key.isEmpty()) {
            throw new DeadLetterException("MISSING_KEY", "records must be keyed by account id");
        }
        int expected = Partitions.partitionFor(key, partitions);
        int actual = metadata().partition();
        if (expected != actual) {
            throw new DeadLetterException("WRONG_PARTITION", "key '" + key + "' belongs on partition " + expected
                + " of " + partitions + " but arrived on " + actual
                + ": the producer must use murmur2 key partitioning (the Java client's default)");
        }
    }

    /** True when this record's offset was processed before: an operator replayed the input. */
    boolean isReplay(String input) {
        Long last = offsets.get(input);
        long offset = metadata().offset();
        if (last != null && offset <= last) {
            LOG.warn("Skipping replayed {} record at {}-{} offset {} (already processed up to {})",
                input, metadata().topic(), metadata().partition(), offset, last);
            return true;
        }
        return false;
    }

    void markProcessed(String input) {
        offsets.put(input, metadata().offset());
    }

    /** The topic the current record came from. */
    String topic() {
        return metadata().topic();
    }

    private RecordMetadata metadata() {
        return context.recordMetadata().orElseThrow(() -> new LedgerException("record without metadata"));
    }
}
