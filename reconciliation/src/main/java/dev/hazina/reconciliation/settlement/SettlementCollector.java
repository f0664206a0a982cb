package dev.hazina.reconciliation.settlement;

import java.util.List;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

/**
 * Puts each settlement into the window its partition is collecting for the currency. A settlement
 * id seen before (a replay, a retried write) is not counted again, whatever window it went to.
 * The first settlement of a currency on a partition opens window 1 there and reports it, so the
 * coordinator learns of the currency. A settlement without a valid currency stops the task: it is
 * the ledger's own output, and skipping it would leave money out of every batch.
 * Input: {@code hazina.settlements} (keyed by party). Output: OPEN reports to the window parts topic.
 * Stores: seen, entries, cursors.
 */
final class SettlementCollector implements Processor<String, Settlement, String, SettlementWindow> {

    private ProcessorContext<String, SettlementWindow> context;
    private PartitionStores stores;

    @Override
    public void init(ProcessorContext<String, SettlementWindow> context) {
        this.context = context;
        this.stores = PartitionStores.of(context);
    }

    @Override
    public void process(Record<String, Settlement> record) {
        Settlement settlement = record.value();
        if (settlement == null || stores.seen().get(settlement.getSettlementId()) != null) {
            return;
        }
        String currency = settlement.getCurrency();
        if (!WindowIds.isCurrency(currency)) {
            // The ledger validated the currency: a settlement without one is a breach, and skipping it would lose money.
            throw new IllegalStateException("settlement " + settlement.getSettlementId() + " has no valid currency ("
                + currency + "); the ledger's settlements must name one");
        }
        Long cursor = stores.cursors().get(currency);
        if (cursor == null) {
            cursor = 1L;
            stores.cursors().put(currency, cursor);
            reportOpened(currency);
        }
        String windowId = WindowIds.of(currency, cursor);
        stores.entries().put(SettlementStores.entryKey(windowId, settlement.getPartyId(), settlement.getSettlementId()), settlement);
        stores.seen().put(settlement.getSettlementId(), windowId);
    }

    private void reportOpened(String currency) {
        long now = context.currentSystemTimeMs();
        SettlementWindow opened = SettlementWindow.newBuilder()
            .setWindowId(WindowIds.of(currency, 1))
            .setCurrency(currency)
            .setSequence(1)
            .setState(SettlementWindowState.OPEN)
            .setOpenedAt(now)
            .setReportedPartitions(List.of(context.taskId().partition()))
            .setUpdatedAt(now)
            .build();
        context.forward(new Record<>(currency, opened, now));
    }
}
