package dev.hazina.reconciliation.journal;

import java.time.Duration;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.journal.PartitionDigest;

/**
 * Seals one ledger-entries partition window by window: each entry extends the partition's digest,
 * and every {@code window} of the stream's wall clock the window's checkpoint goes out (when it
 * holds any entry) and the next one opens from its digest. The open window lives in a store, so a
 * restart continues it; with exactly-once, the checkpoint and the offsets it covers commit together.
 */
final class AuditCheckpointProcessor implements Processor<String, LedgerEntry, String, AuditCheckpoint> {

    private final Duration window;
    private ProcessorContext<String, AuditCheckpoint> context;
    private KeyValueStore<Integer, AuditCheckpoint> store;
    private int partition;
    private AuditCheckpoint open;
    private PartitionDigest digest;

    AuditCheckpointProcessor(Duration window) {
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, AuditCheckpoint> context) {
        this.context = context;
        this.store = context.getStateStore(AuditCheckpoints.STORE);
        this.partition = context.taskId().partition();
        this.open = store.get(partition);
        if (open == null) {
            open = opened(1, null, context.currentSystemTimeMs());
        }
        this.digest = new PartitionDigest(open.getDigest().toString().isEmpty() ? null : open.getDigest().toString());
        context.schedule(window, PunctuationType.WALL_CLOCK_TIME, this::seal);
    }

    @Override
    public void process(Record<String, LedgerEntry> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElseThrow(
            () -> new IllegalStateException("an audit checkpoint needs each entry's offset"));
        if (record.value() == null) {
            throw new IllegalStateException("a null ledger entry at offset " + offset + " of partition " + partition);
        }
        digest.add(record.value());
        if (open.getEntries() == 0) {
            open.setFirstOffset(offset);
        }
        open.setLastOffset(offset);
        open.setEntries(open.getEntries() + 1);
        open.setDigest(digest.hex());
        if (record.value().getHash() == null) {
            open.setUnchained(open.getUnchained() + 1);
        }
        store.put(partition, open);
    }

    private void seal(long now) {
        if (open.getEntries() == 0) {
            return;
        }
        AuditCheckpoint sealed = AuditCheckpoint.newBuilder(open).setWindowEnd(now).build();
        context.forward(new Record<>(Integer.toString(partition), sealed, now));
        open = opened(sealed.getNumber() + 1, sealed.getDigest().toString(), now);
        store.put(partition, open);
    }

    /** A window with no entry yet; its digest is the previous checkpoint's (empty for the partition's first). */
    private AuditCheckpoint opened(long number, String previousDigest, long now) {
        return AuditCheckpoint.newBuilder().setPartition(partition).setNumber(number).setWindowStart(now)
            .setWindowEnd(now).setFirstOffset(-1).setLastOffset(-1).setEntries(0).setPreviousDigest(previousDigest)
            .setDigest(previousDigest == null ? "" : previousDigest).setUnchained(0).build();
    }
}
