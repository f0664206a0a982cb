package dev.hazina.reconciliation.settlement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementAction;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.SettlementCommand;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.TransferKind;

/**
 * The settlement windows sub-topology alone under a TopologyTestDriver: one partition, a
 * {@code mock://} registry of its own, a controllable wall clock, and a state directory a test can
 * reopen. Outputs are collected as they are read.
 */
final class SettlementDriver implements AutoCloseable {

    static final String KES = "KES";
    private static final List<String> STORES = List.of(SettlementStores.SEEN, SettlementStores.ENTRIES,
        SettlementStores.CURSORS, SettlementStores.WINDOWS);
    /** Tuesday 2026-03-03 09:05 in Nairobi. */
    static final Instant START = Instant.parse("2026-03-03T06:05:00Z");

    private final TopologyTestDriver driver;
    private final SettlementConfig config;
    private final TestInputTopic<String, Settlement> settlements;
    private final TestInputTopic<String, SettlementCommand> commands;
    private final TestInputTopic<byte[], byte[]> rawCommands;
    private final TestInputTopic<String, SettlementWindow> changes;
    private final TestInputTopic<String, SettlementWindow> parts;
    private final TestOutputTopic<String, SettlementBatch> batchesOut;
    private final TestOutputTopic<String, SettlementWindow> windowsOut;
    private final TestOutputTopic<byte[], DeadLetter> deadLettersOut;
    final List<SettlementBatch> batches = new ArrayList<>();
    final List<SettlementWindow> windows = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    private Instant clock;

    SettlementDriver(Map<String, Object> settings, Path stateDir, Instant wallClock) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettlementConfig.PARTITIONS_CONFIG, 1);
        values.put(SettlementConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://settlement-" + UUID.randomUUID());
        values.put(SettlementConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        values.putAll(settings);
        config = new SettlementConfig(values);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hazina-reconciliation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        clock = wallClock;
        driver = new TopologyTestDriver(SettlementWindows.build(config), props, wallClock);
        SettlementTopics topics = SettlementTopics.from(config);
        StringSerializer strings = new StringSerializer();
        settlements = driver.createInputTopic(topics.settlements(), strings, topics.settlementSerde().serializer());
        commands = driver.createInputTopic(topics.commands(), strings, topics.commandSerde().serializer());
        rawCommands = driver.createInputTopic(topics.commands(), new ByteArraySerializer(), new ByteArraySerializer());
        changes = driver.createInputTopic(topics.changes(), strings, topics.windowSerde().serializer());
        parts = driver.createInputTopic(topics.parts(), strings, topics.windowSerde().serializer());
        StringDeserializer keys = new StringDeserializer();
        batchesOut = driver.createOutputTopic(topics.batches(), keys, topics.batchSerde().deserializer());
        windowsOut = driver.createOutputTopic(topics.windows(), keys, topics.windowSerde().deserializer());
        deadLettersOut = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
            topics.deadLetterSerde().deserializer());
    }

    void settle(Settlement settlement) {
        settlements.pipeInput(settlement.getPartyId(), settlement);
        collect();
    }

    void command(SettlementAction action, String currency, String windowId, String reason) {
        command(currency, newCommand(action, currency, windowId, reason));
    }

    void command(String key, SettlementCommand command) {
        commands.pipeInput(key, command);
        collect();
    }

    void rawCommand(String key, byte[] value) {
        rawCommands.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        collect();
    }

    /** Replays a window decision into the window changes topic, as a reprocessed topic would. */
    void replayChange(SettlementWindow change) {
        changes.pipeInput(change.getWindowId(), change);
        collect();
    }

    /** Plays another partition's report on its part of a window (the driver runs partition 0 only). */
    void reportPart(SettlementWindow part) {
        parts.pipeInput(part.getCurrency(), part);
        collect();
    }

    void advanceWallClock(Duration by) {
        clock = clock.plus(by);
        driver.advanceWallClockTime(by);
        collect();
    }

    void advanceWallClockTo(Instant to) {
        advanceWallClock(Duration.between(now(), to));
    }

    Instant now() {
        return clock;
    }

    /** The latest published state of each window, by id. */
    Map<String, SettlementWindow> latestWindows() {
        Map<String, SettlementWindow> latest = new HashMap<>();
        windows.forEach(w -> latest.put(w.getWindowId(), w));
        return latest;
    }

    /**
     * Closes this driver and starts another on the same topology with the stores' committed contents,
     * as a restarted task restores them from its changelogs (the test driver wipes its state dir on close).
     */
    SettlementDriver restart(Map<String, Object> settings, Path stateDir, Instant wallClock) {
        Map<String, List<KeyValue<Object, Object>>> saved = new HashMap<>();
        for (String store : STORES) {
            List<KeyValue<Object, Object>> rows = new ArrayList<>();
            try (KeyValueIterator<Object, Object> it = driver.getKeyValueStore(store).all()) {
                it.forEachRemaining(rows::add);
            }
            saved.put(store, rows);
        }
        close();
        SettlementDriver restarted = new SettlementDriver(settings, stateDir, wallClock);
        saved.forEach((store, rows) -> {
            KeyValueStore<Object, Object> restored = restarted.driver.getKeyValueStore(store);
            rows.forEach(row -> restored.put(row.key, row.value));
        });
        return restarted;
    }

    KeyValueStore<String, Settlement> entries() {
        return driver.getKeyValueStore(SettlementStores.ENTRIES);
    }

    static SettlementCommand newCommand(SettlementAction action, String currency, String windowId, String reason) {
        return SettlementCommand.newBuilder().setCommandId("cmd-" + UUID.randomUUID()).setAction(action)
            .setCurrency(currency).setWindowId(windowId).setReason(reason).setOperator("ops-test")
            .setIssuedAt(START.toEpochMilli()).build();
    }

    static Settlement settlement(String id, String party, AccountType type, EntryDirection direction, long amount,
                                 long commission) {
        return Settlement.newBuilder().setSettlementId(id + ":" + party).setPartyId(party).setPartyType(type)
            .setRequestId(id).setKind(type == AccountType.AGENT ? TransferKind.CASH_OUT : TransferKind.MERCHANT_PAYMENT)
            .setDirection(direction).setAmount(amount).setCommission(commission).setCurrency(KES)
            .setBusinessDate("2026-03-03").setSettledAt(START.toEpochMilli()).build();
    }

    private void collect() {
        batches.addAll(batchesOut.readValuesToList());
        windows.addAll(windowsOut.readValuesToList());
        deadLetters.addAll(deadLettersOut.readValuesToList());
    }

    @Override
    public void close() {
        driver.close();
    }
}
