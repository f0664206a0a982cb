package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;

/**
 * The ledger's three processors under one {@link MockProcessorContext}, driven one record at a
 * time: a test decides when each saga leg is delivered, so it can put a request, a retry or a
 * command between two steps of a saga, which a TopologyTestDriver (it delivers every leg at once)
 * cannot do. It can also re-create the task on the same stores ({@link #restartTask}), which a
 * TopologyTestDriver cannot: it deletes its state directory when it closes.
 */
final class StepwiseLedger {

    static final long NOW = LedgerDriver.START.toEpochMilli();

    /** A leg the processors forwarded, with the key it was sent under (the account to act on). */
    record Sent(String key, LedgerLeg leg) {
    }

    private final MockProcessorContext<String, SpecificRecord> context;
    private final LedgerConfig config;
    private final LedgerMeters meters;
    private final KeyValueStore<String, AccountState> accounts;
    private TransferRequestProcessor requests;
    private LedgerLegProcessor legs;
    private AccountCommandProcessor commands;
    private long offset;
    /** How many punctuators the processors before the current ones scheduled. */
    private int punctuatorsBefore;

    StepwiseLedger(Path stateDir) {
        this(stateDir, Map.of(), LedgerMeters.none());
    }

    /** The same, with {@code overrides} to the ledger's settings and counting into {@code meters}. */
    StepwiseLedger(Path stateDir, Map<String, Object> overrides, LedgerMeters meters) {
        Map<String, Object> settings = new HashMap<>(Map.of(
            LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://stepwise-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true,
            LedgerConfig.PARTITIONS_CONFIG, 1));
        settings.putAll(overrides);
        config = new LedgerConfig(settings);
        this.meters = meters;
        Properties props = LedgerTopology.streamsProperties(config);
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(NOW);
        accounts = store(LedgerStores.accounts(config));
        // MockProcessorContext names every changelog "changelog", so each Avro store needs its own registry scope.
        store(LedgerStores.transfers(new LedgerConfig(Map.of(
            LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://stepwise-transfers-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true))));
        store(LedgerStores.statements(new LedgerConfig(Map.of(
            LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://stepwise-statements-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true))));
        store(LedgerStores.transferExpiry());
        store(LedgerStores.holdExpiry());
        store(LedgerStores.offsets());
        store(LedgerStores.accountRisk(config));
        startTask();
    }

    /**
     * Closes the three processors and starts new ones on the same stores, as Kafka Streams does when
     * it re-creates a task (after an exactly-once abort, say). Punctuators scheduled before are dropped.
     */
    void restartTask() {
        requests.close();
        legs.close();
        commands.close();
        punctuatorsBefore = context.scheduledPunctuators().size();
        startTask();
    }

    /** Runs once, at {@code now}, every punctuator the current processors scheduled and did not cancel. */
    void punctuate(long now) {
        context.setCurrentSystemTimeMs(now);
        List<MockProcessorContext.CapturedPunctuator> all = context.scheduledPunctuators();
        for (MockProcessorContext.CapturedPunctuator punctuator : all.subList(punctuatorsBefore, all.size())) {
            if (!punctuator.cancelled()) {
                punctuator.getPunctuator().punctuate(now);
            }
        }
    }

    private void startTask() {
        requests = new TransferRequestProcessor(config, meters);
        requests.init(context);
        legs = new LedgerLegProcessor(config, meters);
        legs.init(context);
        commands = new AccountCommandProcessor(config, meters);
        commands.init(context);
    }

    KeyValueStore<String, AccountState> accounts() {
        return accounts;
    }

    AccountState account(String id) {
        return accounts.get(id);
    }

    KeyValueStore<String, TransferRecord> transfers() {
        return context.getStateStore(LedgerStores.TRANSFERS);
    }

    void request(String key, TransferRequest request) {
        process(requests, "hazina.transfer-requests", key, request);
    }

    void leg(Sent sent) {
        process(legs, "hazina.ledger-legs", sent.key(), sent.leg());
    }

    void command(AccountCommand command) {
        process(commands, "hazina.account-commands", command.getAccountId(), command);
    }

    /** Delivers the one leg forwarded since the last reset, which must be of {@code type}, and returns it. */
    Sent deliver(LegType type) {
        Sent sent = onlyLeg(type);
        context.resetForwards();
        leg(sent);
        return sent;
    }

    /** Makes an operator's replay: the next record gets the same offset as the last one. */
    void rewindOffset() {
        offset--;
    }

    List<TransferResult> results() {
        return context.forwarded().stream()
            .filter(f -> LedgerOutput.RESULTS_SINK.equals(f.childName().orElse(null)))
            .map(f -> (TransferResult) f.record().value())
            .toList();
    }

    List<Sent> legs() {
        return context.forwarded().stream()
            .filter(f -> LedgerOutput.LEGS_SINK.equals(f.childName().orElse(null)))
            .map(CapturedForward::record)
            .map(r -> new Sent(r.key(), (LedgerLeg) r.value()))
            .toList();
    }

    List<CapturedForward<? extends String, ? extends SpecificRecord>> forwarded() {
        return context.forwarded();
    }

    /** The one leg forwarded since the last reset; it must be of {@code type}. */
    Sent onlyLeg(LegType type) {
        List<Sent> sent = legs();
        assertThat(sent).singleElement().extracting(s -> s.leg().getLegType()).isEqualTo(type);
        return sent.get(0);
    }

    void resetForwards() {
        context.resetForwards();
    }

    static AccountState account(String id, AccountType type, long balance) {
        return AccountState.newBuilder()
            .setAccountId(id)
            .setType(type)
            .setStatus(AccountStatus.ACTIVE)
            .setCurrency("KES")
            .setBalance(balance)
            .setLimits(AccountLimits.newBuilder().build())
            .setSequence(0)
            .setOpenedAt(NOW)
            .setUpdatedAt(NOW)
            .build();
    }

    static TransferRequest.Builder request(String requestId, TransferKind kind, String payer, String payee, long amount) {
        return TransferRequest.newBuilder()
            .setRequestId(requestId)
            .setChannel(Channel.USSD)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency("KES")
            .setRequestedAt(NOW);
    }

    private <V> void process(Processor<String, V, String, SpecificRecord> processor, String topic, String key, V value) {
        context.setRecordMetadata(topic, 0, offset++);
        processor.process(new Record<>(key, value, NOW));
    }

    private <S extends StateStore> S store(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
