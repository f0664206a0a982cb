package dev.hazina.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.Statement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;

/**
 * The real ledger topology under a TopologyTestDriver, with one partition, an in-process
 * {@code mock://} registry of its own and a controllable clock. Outputs are collected as they
 * are read, so a test can look at everything that was ever written.
 */
public final class LedgerDriver implements AutoCloseable {

    public static final String KES = "KES";
    /** Tuesday 2026-03-03 09:00 in Nairobi. */
    public static final Instant START = Instant.parse("2026-03-03T06:00:00Z");

    private final TopologyTestDriver driver;
    private final LedgerConfig config;
    private final TestInputTopic<String, TransferRequest> requests;
    private final TestInputTopic<String, TransferRequest> operatorRequests;
    private final TestInputTopic<String, AccountCommand> commands;
    private final TestInputTopic<byte[], byte[]> rawRequests;
    private final TestInputTopic<String, AccountRisk> risk;
    private final TestInputTopic<String, LedgerLeg> legsIn;
    private final TestOutputTopic<String, TransferResult> results;
    private final TestOutputTopic<String, LedgerEntry> entries;
    private final TestOutputTopic<String, Settlement> settlements;
    private final TestOutputTopic<String, AccountEvent> accountEvents;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final TestOutputTopic<String, LedgerLeg> legs;
    private final List<TransferRequest> allRequests = new ArrayList<>();
    private final List<LedgerLeg> allLegs = new ArrayList<>();
    private final List<TransferResult> allResults = new ArrayList<>();
    private final List<LedgerEntry> allEntries = new ArrayList<>();
    private final List<Settlement> allSettlements = new ArrayList<>();
    private final List<AccountEvent> allAccountEvents = new ArrayList<>();
    private final List<DeadLetter> allDeadLetters = new ArrayList<>();
    private final LedgerMeters meters;
    private Instant now = START;
    private int sequence;

    public LedgerDriver() {
        this(Map.of());
    }

    public LedgerDriver(Map<String, Object> overrides) {
        this(overrides, null);
    }

    /**
     * A ledger counting into {@code shared}, or into a registry of its own whose saga ages count to
     * this driver's clock (as TopologyTestDriver's wall clock does) when null.
     */
    public LedgerDriver(Map<String, Object> overrides, LedgerMeters shared) {
        this.meters = shared != null ? shared : new LedgerMeters(new SimpleMeterRegistry(), () -> this.now.toEpochMilli());
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://ledger-driver-" + UUID.randomUUID());
        settings.put(LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        settings.put(LedgerConfig.PARTITIONS_CONFIG, 1);
        settings.put(LedgerConfig.APPLICATION_ID_CONFIG, "hazina-test");
        settings.putAll(overrides);
        config = new LedgerConfig(settings);
        Properties props = LedgerTopology.streamsProperties(config, meters);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/hazina-ttd-" + UUID.randomUUID());
        driver = new TopologyTestDriver(LedgerTopology.build(config, meters), props, START);
        LedgerTopics topics = LedgerTopics.from(config);
        requests = driver.createInputTopic(topics.requests().name(), topics.requests().keySerde().serializer(),
            topics.requests().valueSerde().serializer());
        operatorRequests = driver.createInputTopic(topics.operatorRequests().name(),
            topics.operatorRequests().keySerde().serializer(), topics.operatorRequests().valueSerde().serializer());
        rawRequests = driver.createInputTopic(topics.requests().name(),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
        commands = driver.createInputTopic(topics.commands().name(), topics.commands().keySerde().serializer(),
            topics.commands().valueSerde().serializer());
        risk = driver.createInputTopic(topics.risk().name(), topics.risk().keySerde().serializer(),
            topics.risk().valueSerde().serializer());
        legsIn = driver.createInputTopic(topics.legs().name(), topics.legs().keySerde().serializer(),
            topics.legs().valueSerde().serializer());
        results = driver.createOutputTopic(topics.results().name(), topics.results().keySerde().deserializer(),
            topics.results().valueSerde().deserializer());
        entries = driver.createOutputTopic(topics.entries().name(), topics.entries().keySerde().deserializer(),
            topics.entries().valueSerde().deserializer());
        settlements = driver.createOutputTopic(topics.settlements().name(),
            topics.settlements().keySerde().deserializer(), topics.settlements().valueSerde().deserializer());
        accountEvents = driver.createOutputTopic(topics.accountEvents().name(),
            topics.accountEvents().keySerde().deserializer(), topics.accountEvents().valueSerde().deserializer());
        legs = driver.createOutputTopic(topics.legs().name(), topics.legs().keySerde().deserializer(),
            topics.legs().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
            topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    /**
     * A ledger with "agent-1" holding 10,000,000 of float, merchant "shop", customers "bob" and
     * "alice" (opened with {@code aliceLimits}), and alice cashed in with {@code aliceFunding}.
     */
    public static LedgerDriver withFundedAlice(Map<String, Object> overrides, AccountLimits aliceLimits, long aliceFunding) {
        return withFundedAlice(overrides, aliceLimits, aliceFunding, null);
    }

    /** The same, counting into {@code meters} (null for a registry of its own). */
    public static LedgerDriver withFundedAlice(Map<String, Object> overrides, AccountLimits aliceLimits, long aliceFunding,
                                               LedgerMeters meters) {
        LedgerDriver ledger = new LedgerDriver(overrides, meters);
        ledger.open("agent-1", AccountType.AGENT);
        ledger.open("alice", AccountType.CUSTOMER, aliceLimits);
        ledger.open("bob", AccountType.CUSTOMER);
        ledger.open("shop", AccountType.MERCHANT);
        ledger.issue("agent-1", 10_000_000);
        ledger.transfer(TransferKind.CASH_IN, "agent-1", "alice", aliceFunding);
        return ledger;
    }

    /** The ledger's meters, in a registry of this driver's own. */
    public MeterRegistry meters() {
        return meters.registry();
    }

    public LedgerConfig config() {
        return config;
    }

    // ---- inputs ----

    public AccountEvent open(String accountId, AccountType type, AccountLimits limits) {
        return command(AccountCommand.newBuilder()
            .setCommandId("open-" + accountId + "-" + (++sequence))
            .setAccountId(accountId)
            .setAction(AccountAction.OPEN)
            .setType(type)
            .setCurrency(KES)
            .setLimits(limits)
            .setIssuedAt(now.toEpochMilli())
            .build());
    }

    public AccountEvent open(String accountId, AccountType type) {
        return open(accountId, type, AccountLimits.newBuilder().build());
    }

    public AccountEvent act(String accountId, AccountAction action) {
        return command(AccountCommand.newBuilder()
            .setCommandId(action + "-" + accountId + "-" + (++sequence))
            .setAccountId(accountId)
            .setAction(action)
            .setIssuedAt(now.toEpochMilli())
            .build());
    }

    public AccountEvent setLimits(String accountId, AccountLimits limits) {
        return setLimits(accountId, limits, null);
    }

    /** UPDATE_LIMITS with a funding account (null for none): the command replaces both. */
    public AccountEvent setLimits(String accountId, AccountLimits limits, String fundingAccount) {
        return command(AccountCommand.newBuilder()
            .setCommandId("limits-" + accountId + "-" + (++sequence))
            .setAccountId(accountId)
            .setAction(AccountAction.UPDATE_LIMITS)
            .setLimits(limits)
            .setFundingAccount(fundingAccount)
            .setIssuedAt(now.toEpochMilli())
            .build());
    }

    /** Pipes one command and returns its answer. */
    public AccountEvent command(AccountCommand command) {
        commands.pipeInput(command.getAccountId(), command, now);
        drain();
        return allAccountEvents.get(allAccountEvents.size() - 1);
    }

    /** Pipes the fraud stream's verdict on one account, as the risk topic would deliver it. */
    public void risk(AccountRisk verdict) {
        risk.pipeInput(verdict.getAccountId(), verdict, now);
        drain();
    }

    /** ISSUE e-money into an agent or business account. */
    public TransferResult issue(String accountId, long amount) {
        return send(request(TransferKind.ISSUE, "SYS.ISSUANCE", accountId, amount).setChannel(Channel.ADMIN).build());
    }

    /** Pipes a request on the channels' topic whatever its kind, as any channel could. */
    public TransferResult sendFromChannel(TransferRequest request) {
        return pipe(requests, TransferRules.keyAccount(request), request, now);
    }

    /** Pipes a request on the operator topic whatever its kind. */
    public TransferResult sendFromOperator(TransferRequest request) {
        return pipe(operatorRequests, TransferRules.keyAccount(request), request, now);
    }

    public TransferResult transfer(TransferKind kind, String payer, String payee, long amount) {
        return send(request(kind, payer, payee, amount).build());
    }

    /** AUTHORIZE a hold of {@code amount} on {@code payer} for {@code payee}. */
    public TransferResult authorize(String payer, String payee, long amount) {
        return transfer(TransferKind.AUTHORIZE, payer, payee, amount);
    }

    /** CAPTURE {@code amount} of the hold placed by the AUTHORIZE {@code hold}. */
    public TransferResult capture(TransferResult hold, long amount) {
        return send(request(TransferKind.CAPTURE, hold.getPayer(), hold.getPayee(), amount)
            .setReference(hold.getRequestId()).build());
    }

    /** VOID the hold placed by the AUTHORIZE {@code hold}. */
    public TransferResult voidHold(TransferResult hold) {
        return send(request(TransferKind.VOID, hold.getPayer(), hold.getPayee(), hold.getAmount())
            .setReference(hold.getRequestId()).build());
    }

    /** A REVERSAL of {@code original}: from its payee back to its payer, keyed by its payer. */
    public TransferRequest reversalOf(TransferResult original) {
        return request(TransferKind.REVERSAL, original.getPayee(), original.getPayer(), original.getAmount())
            .setReference(original.getRequestId()).build();
    }

    public TransferResult reverse(TransferResult original) {
        return send(reversalOf(original));
    }

    /** A request builder with a fresh requestId and sensible defaults. */
    public TransferRequest.Builder request(TransferKind kind, String payer, String payee, long amount) {
        return TransferRequest.newBuilder()
            .setRequestId("req-" + (++sequence))
            .setChannel(Channel.APP)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency(KES)
            .setRequestedAt(now.toEpochMilli());
    }

    /**
     * Pipes a request (keyed as its kind must be) on the topic its kind must come from (ISSUE and
     * REVERSAL on the operator topic) and returns its latest result, or null.
     */
    public TransferResult send(TransferRequest request) {
        return send(TransferRules.keyAccount(request), request);
    }

    public TransferResult send(String key, TransferRequest request) {
        return sendAt(key, request, now);
    }

    /** Pipes a request with the given record timestamp, as a replay of an old offset would. */
    public TransferResult sendAt(String key, TransferRequest request, Instant timestamp) {
        return pipe(TransferRules.isOperatorKind(request.getKind()) ? operatorRequests : requests, key, request, timestamp);
    }

    private TransferResult pipe(TestInputTopic<String, TransferRequest> topic, String key, TransferRequest request,
                                Instant timestamp) {
        allRequests.add(request);
        topic.pipeInput(key, request, timestamp);
        drain();
        return latestResult(request.getRequestId());
    }

    /**
     * Holds back the next leg, as if it were still on its way: the leg processor takes a leg at or
     * below the offset it stored for a replay and skips it. {@link #redeliver} brings it later.
     */
    public void holdNextLeg() {
        KeyValueStore<String, Long> offsets = driver.getKeyValueStore(LedgerStores.OFFSETS);
        Long last = offsets.get(LedgerLegProcessor.INPUT);
        if (last == null) {
            throw new IllegalStateException("no leg processed yet: the next offset is unknown");
        }
        offsets.put(LedgerLegProcessor.INPUT, last + 1);
    }

    /** Delivers {@code leg} again (one held back), keyed by the account it acts on. */
    public void redeliver(LedgerLeg leg) {
        String key = switch (leg.getLegType()) {
            case CREDIT -> leg.getPayee();
            case CONFIRM, REFUND -> leg.getPayer();
            default -> throw new IllegalArgumentException("redeliver does not know where a " + leg.getLegType() + " goes");
        };
        legsIn.pipeInput(key, leg, now);
        drain();
    }

    public void sendRaw(byte[] key, byte[] value) {
        rawRequests.pipeInput(key, value, now);
        drain();
    }

    // ---- clock ----

    public void advance(java.time.Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        drain();
    }

    public Instant now() {
        return now;
    }

    // ---- outputs and stores ----

    public TransferResult latestResult(String requestId) {
        for (int i = allResults.size() - 1; i >= 0; i--) {
            if (allResults.get(i).getRequestId().equals(requestId)) {
                return allResults.get(i);
            }
        }
        return null;
    }

    public List<TransferResult> results() {
        return allResults;
    }

    /** Every result written for {@code requestId}, in order. */
    public List<TransferResult> resultsFor(String requestId) {
        return allResults.stream().filter(r -> r.getRequestId().equals(requestId)).toList();
    }

    public List<LedgerEntry> entries() {
        return allEntries;
    }

    public List<LedgerEntry> entriesFor(String transferId) {
        return allEntries.stream().filter(e -> e.getTransferId().equals(transferId)).toList();
    }

    public List<Settlement> settlements() {
        return allSettlements;
    }

    public List<AccountEvent> accountEvents() {
        return allAccountEvents;
    }

    /** Every request piped in, retries included. */
    public List<TransferRequest> requests() {
        return allRequests;
    }

    public List<LedgerLeg> legs() {
        return allLegs;
    }

    public List<DeadLetter> deadLetters() {
        return allDeadLetters;
    }

    public AccountState account(String accountId) {
        KeyValueStore<String, AccountState> store = driver.getKeyValueStore(LedgerStores.ACCOUNTS);
        return store.get(accountId);
    }

    public long balance(String accountId) {
        AccountState account = account(accountId);
        return account == null ? 0 : account.getBalance();
    }

    public Statement statement(String accountId) {
        KeyValueStore<String, Statement> store = driver.getKeyValueStore(LedgerStores.STATEMENTS);
        return store.get(accountId);
    }

    public TransferRecord transferRecord(String requestId) {
        KeyValueStore<String, TransferRecord> store = driver.getKeyValueStore(LedgerStores.TRANSFERS);
        return store.get(requestId);
    }

    /** The keys of the hold deadline index: one per pending hold. */
    public List<String> holdDeadlines() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(LedgerStores.HOLD_EXPIRY);
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** Every account in the store, system shards included. */
    public Map<String, AccountState> allAccounts() {
        KeyValueStore<String, AccountState> store = driver.getKeyValueStore(LedgerStores.ACCOUNTS);
        Map<String, AccountState> all = new HashMap<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    private void drain() {
        allResults.addAll(results.readValuesToList());
        allEntries.addAll(entries.readValuesToList());
        allSettlements.addAll(settlements.readValuesToList());
        allAccountEvents.addAll(accountEvents.readValuesToList());
        allDeadLetters.addAll(deadLetters.readValuesToList());
        allLegs.addAll(legs.readValuesToList());
    }

    @Override
    public void close() {
        driver.close();
    }
}
