package dev.hazina.reconciliation.settlement;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

/**
 * The coordinator's windows on one task (every window of the currencies keyed to it) and the state
 * changes it makes to them. Each change is saved, published to the compacted windows topic and, when
 * the partitions must act on it (CLOSED, SETTLED, ABORTED), copied to every partition's window changes.
 * Time is the task's wall clock, never a producer's timestamp.
 */
final class WindowBook {

    private final ProcessorContext<Object, Object> context;
    private final KeyValueStore<String, SettlementWindow> windows;
    private final int partitions;

    WindowBook(ProcessorContext<Object, Object> context, int partitions) {
        this.context = context;
        this.windows = context.getStateStore(SettlementStores.WINDOWS);
        this.partitions = partitions;
    }

    SettlementWindow find(String windowId) {
        return windows.get(windowId);
    }

    /** The currency's open window, or null when the currency has none (never seen). */
    SettlementWindow open(String currency) {
        for (SettlementWindow window : ofCurrency(currency)) {
            if (window.getState() == SettlementWindowState.OPEN) {
                return window;
            }
        }
        return null;
    }

    /** Every open window of every currency on this task. */
    List<SettlementWindow> allOpen() {
        List<SettlementWindow> open = new ArrayList<>();
        try (KeyValueIterator<String, SettlementWindow> it = windows.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getState() == SettlementWindowState.OPEN) {
                    open.add(kv.value);
                }
            });
        }
        return open;
    }

    /** Opens window 1 of a currency the coordinator has never seen; a known currency is left alone. */
    void openFirst(String currency) {
        if (!ofCurrency(currency).isEmpty()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        publish(newWindow(currency, 1, now), false);
    }

    /** Cuts {@code window}: CLOSED, copied to every partition, and the currency's next window opens. */
    void close(SettlementWindow window, String reason) {
        long now = context.currentSystemTimeMs();
        publish(SettlementWindow.newBuilder(window).setState(SettlementWindowState.CLOSED).setClosedAt(now)
            .setPartitions(partitions).setReason(reason).setUpdatedAt(now).build(), true);
        publish(newWindow(window.getCurrency(), window.getSequence() + 1, now), false);
    }

    /** Counts one partition's part; the window is PENDING_SETTLEMENT once every partition's part is in. */
    void partClosed(SettlementWindow part) {
        SettlementWindow window = windows.get(part.getWindowId());
        if (window == null || window.getState() != SettlementWindowState.CLOSED || part.getReportedPartitions().isEmpty()) {
            return;
        }
        int partition = part.getReportedPartitions().get(0);
        if (window.getReportedPartitions().contains(partition)) {
            return;
        }
        List<Integer> reported = new ArrayList<>(window.getReportedPartitions());
        reported.add(partition);
        reported.sort(null);
        SettlementWindowState state = reported.size() >= window.getPartitions()
            ? SettlementWindowState.PENDING_SETTLEMENT : SettlementWindowState.CLOSED;
        publish(SettlementWindow.newBuilder(window).setReportedPartitions(reported).setState(state)
            .setBatchCount(window.getBatchCount() + part.getBatchCount())
            .setRecordCount(window.getRecordCount() + part.getRecordCount())
            .setUpdatedAt(context.currentSystemTimeMs()).build(), false);
    }

    /** SETTLED or ABORTED: final, and copied to every partition so they drop or carry the window's settlements. */
    void finish(SettlementWindow window, SettlementWindowState state, String reason) {
        publish(SettlementWindow.newBuilder(window).setState(state).setReason(reason)
            .setUpdatedAt(context.currentSystemTimeMs()).build(), true);
    }

    private void publish(SettlementWindow window, boolean toPartitions) {
        windows.put(window.getWindowId(), window);
        Record<Object, Object> record = new Record<>(window.getWindowId(), window, window.getUpdatedAt());
        context.forward(record, SettlementWindows.WINDOWS_SINK);
        if (toPartitions) {
            context.forward(record, SettlementWindows.CHANGES_SINK);
        }
    }

    private List<SettlementWindow> ofCurrency(String currency) {
        List<SettlementWindow> found = new ArrayList<>();
        try (KeyValueIterator<String, SettlementWindow> it = windows.prefixScan(currency + "-", new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    private static SettlementWindow newWindow(String currency, long sequence, long now) {
        return SettlementWindow.newBuilder().setWindowId(WindowIds.of(currency, sequence)).setCurrency(currency)
            .setSequence(sequence).setState(SettlementWindowState.OPEN).setOpenedAt(now).setUpdatedAt(now).build();
    }
}
