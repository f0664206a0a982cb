package dev.hazina.reconciliation.settlement;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

/**
 * One partition's side of the coordinator's window decisions, which reach every partition in the
 * same order:
 * <ul>
 *   <li>CLOSED: this partition's part of the window is cut here. Its settlements become one batch per
 *       party, the partition reports its part (batch and record counts), and later settlements of the
 *       currency go to the next window. A decision for a window already cut here is ignored.</li>
 *   <li>SETTLED: the window's settlements are dropped (their ids stay in the seen store).</li>
 *   <li>ABORTED: the window's batches are void; its settlements move into the window now collecting,
 *       so the next close batches them again with the new settlements.</li>
 * </ul>
 * Input: the internal window changes topic. Outputs: {@code hazina.settlement-batches} (keyed by party)
 * and the window parts topic (keyed by currency). Stores: seen, entries, cursors (shared with
 * {@link SettlementCollector}).
 */
final class WindowChangeFollower implements Processor<String, SettlementWindow, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowChangeFollower.class);

    private ProcessorContext<String, SpecificRecord> context;
    private PartitionStores stores;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = PartitionStores.of(context);
    }

    @Override
    public void process(Record<String, SettlementWindow> record) {
        SettlementWindow window = record.value();
        if (window == null) {
            return;
        }
        switch (window.getState()) {
            case CLOSED -> close(window);
            case SETTLED -> drop(window.getWindowId());
            case ABORTED -> carryForward(window);
            default -> { }
        }
    }

    private void close(SettlementWindow window) {
        String currency = window.getCurrency();
        Long cursor = stores.cursors().get(currency);
        if (cursor != null && cursor > window.getSequence()) {
            return;
        }
        if (cursor != null && cursor < window.getSequence()) {
            LOG.warn("Partition {} was collecting {} window {} when window {} closed; closing {}",
                context.taskId().partition(), currency, cursor, window.getSequence(), window.getWindowId());
        }
        long now = context.currentSystemTimeMs();
        PartyBatches batches = new PartyBatches(window.getWindowId(), currency, window.getOpenedAt(),
            window.getClosedAt() == null ? now : window.getClosedAt());
        long records = 0;
        for (KeyValue<String, Settlement> entry : held(window.getWindowId())) {
            batches.add(entry.value);
            records++;
        }
        List<SettlementBatch> out = batches.finish();
        for (SettlementBatch batch : out) {
            context.forward(new Record<String, SpecificRecord>(batch.getPartyId(), batch, now), SettlementWindows.BATCHES_SINK);
        }
        stores.cursors().put(currency, window.getSequence() + 1);
        SettlementWindow part = SettlementWindow.newBuilder(window)
            .setReportedPartitions(List.of(context.taskId().partition()))
            .setBatchCount(out.size())
            .setRecordCount(records)
            .setUpdatedAt(now)
            .build();
        context.forward(new Record<String, SpecificRecord>(currency, part, now), SettlementWindows.PARTS_SINK);
    }

    private void drop(String windowId) {
        for (KeyValue<String, Settlement> entry : held(windowId)) {
            stores.entries().delete(entry.key);
        }
    }

    private void carryForward(SettlementWindow window) {
        Long cursor = stores.cursors().get(window.getCurrency());
        if (cursor == null || cursor <= window.getSequence()) {
            LOG.warn("Window {} aborted before partition {} closed it; its settlements stay in it",
                window.getWindowId(), context.taskId().partition());
            return;
        }
        String into = WindowIds.of(window.getCurrency(), cursor);
        for (KeyValue<String, Settlement> entry : held(window.getWindowId())) {
            Settlement settlement = entry.value;
            stores.entries().put(SettlementStores.entryKey(into, settlement.getPartyId(), settlement.getSettlementId()), settlement);
            stores.seen().put(settlement.getSettlementId(), into);
            stores.entries().delete(entry.key);
        }
    }

    /** The window's settlements held by this partition, in key order, read before any change to the store. */
    private List<KeyValue<String, Settlement>> held(String windowId) {
        List<KeyValue<String, Settlement>> held = new ArrayList<>();
        try (KeyValueIterator<String, Settlement> it = stores.entries().prefixScan(SettlementStores.windowPrefix(windowId),
                new StringSerializer())) {
            it.forEachRemaining(held::add);
        }
        return held;
    }
}
