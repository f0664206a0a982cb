package dev.hazina.reconciliation.settlement;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

/**
 * The coordinator's partition side: a partition's first settlement of a currency opens the
 * currency's window 1; each partition's closed part is counted until the window is complete.
 * Input: the window parts topic, keyed by currency. Outputs: windows, window changes. Store: windows.
 */
final class WindowPartProcessor implements Processor<String, SettlementWindow, Object, Object> {

    private final SettlementConfig config;
    private WindowBook book;

    WindowPartProcessor(SettlementConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.book = new WindowBook(context, config.partitions());
    }

    @Override
    public void process(Record<String, SettlementWindow> record) {
        SettlementWindow part = record.value();
        if (part == null) {
            return;
        }
        if (part.getState() == SettlementWindowState.OPEN) {
            book.openFirst(part.getCurrency());
        } else if (part.getState() == SettlementWindowState.CLOSED) {
            book.partClosed(part);
        }
    }
}
