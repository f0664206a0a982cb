package dev.hazina.reconciliation.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.SettlementCommand;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.SettlementWindowState;

/**
 * The coordinator's operator side: decodes and checks each settlement command and carries it out on
 * the currency's windows; and, on a wall-clock punctuation, closes every open window whose scheduled
 * cut-off has passed. A command that is undecodable, keyed by another currency than its own, names
 * a malformed or unknown window, or asks for a change the window's state does not allow is
 * dead-lettered with the reason; nothing is changed.
 * Input: {@code hazina.settlement-commands} as raw bytes, keyed by currency. Outputs: windows, window
 * changes, dead letters. Store: windows.
 */
final class SettlementCommandProcessor implements Processor<byte[], byte[], Object, Object> {

    private final SettlementConfig config;
    private final Deserializer<SettlementCommand> deserializer;
    private WindowBook book;
    private Rejections rejections;
    private final String topic;

    SettlementCommandProcessor(SettlementConfig config, SettlementTopics topics) {
        this.config = config;
        this.deserializer = topics.commandSerde().deserializer();
        this.topic = topics.commands();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.book = new WindowBook(context, config.partitions());
        this.rejections = new Rejections(context);
        context.schedule(Duration.ofMillis(config.scheduleCheckIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
            this::closeScheduled);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SettlementCommand command;
        try {
            command = record.value() == null ? null : deserializer.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            rejections.reject(record, "UNDECODABLE", "not a SettlementCommand: " + e.getMessage());
            return;
        }
        if (command == null) {
            rejections.reject(record, "EMPTY_COMMAND", "a settlement command has no value");
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String currency = command.getCurrency();
        if (!WindowIds.isCurrency(currency)) {
            rejections.reject(record, "BAD_CURRENCY", "currency '" + currency + "' is not an ISO 4217 code");
        } else if (!currency.equals(key)) {
            rejections.reject(record, "KEY_MISMATCH", "a settlement command must be keyed by its currency " + currency);
        } else {
            switch (command.getAction()) {
                case CLOSE -> close(record, command);
                case SETTLE, ABORT -> finish(record, command);
                default -> rejections.reject(record, "UNKNOWN_ACTION", "action " + command.getAction());
            }
        }
    }

    private void close(Record<byte[], byte[]> record, SettlementCommand command) {
        SettlementWindow open = book.open(command.getCurrency());
        if (open == null) {
            rejections.reject(record, "NO_OPEN_WINDOW", "no " + command.getCurrency() + " window is open: no settlement in it yet");
            return;
        }
        book.close(open, "closed by " + command.getOperator() + " (" + command.getCommandId() + ")");
    }

    private void finish(Record<byte[], byte[]> record, SettlementCommand command) {
        String windowId = command.getWindowId();
        if (!WindowIds.isWindowId(windowId) || !WindowIds.currency(windowId).equals(command.getCurrency())) {
            rejections.reject(record, "BAD_WINDOW_ID", "window '" + windowId + "' is not a " + command.getCurrency() + " window id");
            return;
        }
        SettlementWindow window = book.find(windowId);
        if (window == null) {
            rejections.reject(record, "UNKNOWN_WINDOW", "no window " + windowId);
        } else if (window.getState() != SettlementWindowState.PENDING_SETTLEMENT) {
            rejections.reject(record, "WRONG_STATE", command.getAction() + " needs window " + windowId
                + " PENDING_SETTLEMENT; it is " + window.getState());
        } else if (command.getAction() == dev.hazina.schemas.SettlementAction.SETTLE) {
            book.finish(window, SettlementWindowState.SETTLED, "settled by " + command.getOperator());
        } else if (command.getReason() == null || command.getReason().isBlank()) {
            rejections.reject(record, "MISSING_REASON", "ABORT of " + windowId + " needs a reason");
        } else {
            book.finish(window, SettlementWindowState.ABORTED, "aborted by " + command.getOperator() + ": " + command.getReason());
        }
    }

    private void closeScheduled(long now) {
        for (SettlementWindow window : book.allOpen()) {
            if (config.schedule().cutoffAfter(window.getOpenedAt()) <= now) {
                book.close(window, "schedule " + config.schedule());
            }
        }
    }
}
