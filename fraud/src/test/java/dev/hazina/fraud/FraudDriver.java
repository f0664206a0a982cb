package dev.hazina.fraud;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import dev.hazina.fraud.rules.Rules;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.CaseAction;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCaseCommand;
import dev.hazina.schemas.FraudCaseEvent;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;

/**
 * The real fraud topology under a TopologyTestDriver, one partition, a {@code mock://} registry of
 * its own and one clock for record timestamps and wall-clock time. It posts ledger entries as the
 * ledger would write them, and collects every output as it is read.
 */
public final class FraudDriver implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-03T06:00:00Z");

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, LedgerEntry> entries;
    private final TestInputTopic<String, TransferResult> results;
    private final TestInputTopic<String, AccountEvent> accountEvents;
    private final TestInputTopic<String, TelcoEvent> telco;
    private final TestInputTopic<String, FraudCaseCommand> caseCommands;
    private final TestOutputTopic<String, FraudAlert> alerts;
    private final TestOutputTopic<String, FraudCaseEvent> caseEvents;
    private final TestOutputTopic<String, AccountRisk> risk;
    private final TestOutputTopic<String, AccountCommand> accountCommands;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final List<FraudAlert> allAlerts = new ArrayList<>();
    private final List<FraudCaseEvent> allCaseEvents = new ArrayList<>();
    private final List<AccountRisk> allRisk = new ArrayList<>();
    private final List<AccountCommand> allAccountCommands = new ArrayList<>();
    private final List<DeadLetter> allDeadLetters = new ArrayList<>();
    private Instant now = START;
    private int sequence;
    /** Each account's balance as the entries piped so far leave it, from 0 (a payer may go below it). */
    private final Map<String, Long> balances = new HashMap<>();

    public FraudDriver(Map<String, Object> overrides) {
        this(overrides, null);
    }

    /** A driver whose stream counts into {@code registry} ({@link FraudMeters}), or nowhere when it is null. */
    public FraudDriver(Map<String, Object> overrides, MeterRegistry registry) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://fraud-driver-" + UUID.randomUUID());
        settings.put(LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        settings.put(LedgerConfig.PARTITIONS_CONFIG, 1);
        settings.putAll(overrides);
        FraudConfig config = new FraudConfig(settings);
        Properties props = FraudTopology.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/fraud-ttd-" + UUID.randomUUID());
        if (registry != null) {
            props.put(FraudMeters.CONFIG, new FraudMeters(registry));
        }
        driver = new TopologyTestDriver(FraudTopology.build(config), props, START);
        FraudTopics topics = FraudTopics.from(config);
        entries = input(topics.entries());
        results = input(topics.results());
        accountEvents = input(topics.accountEvents());
        telco = input(topics.telcoEvents());
        caseCommands = input(topics.caseCommands());
        alerts = output(topics.alerts());
        caseEvents = output(topics.caseEvents());
        risk = output(topics.risk());
        accountCommands = output(topics.accountCommands());
        var dead = LedgerTopics.from(config.ledger()).deadLetters();
        deadLetters = driver.createOutputTopic(dead.name(), dead.keySerde().deserializer(), dead.valueSerde().deserializer());
    }

    /**
     * A driver where only {@code ruleId} counts: the layering typology (alert only) weighs it 1 and
     * alerts at band 1; every other typology is out of reach. So an alert appears exactly when the rule fires.
     */
    public static FraudDriver forRule(String ruleId, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        for (Typology typology : Typology.DEFAULTS) {
            settings.put(FraudConfig.TYPOLOGY_PREFIX + typology.id() + ".alert", 1_000_000);
            if (typology.mayInterdict()) {
                settings.put(FraudConfig.TYPOLOGY_PREFIX + typology.id() + ".interdict", 1_000_000);
            }
        }
        settings.put(FraudConfig.TYPOLOGY_PREFIX + Typology.LAYERING + ".weights", ruleId + ":1");
        settings.put(FraudConfig.TYPOLOGY_PREFIX + Typology.LAYERING + ".alert", 1);
        settings.putAll(overrides);
        if (!Rules.ids().contains(ruleId)) {
            throw new IllegalArgumentException("no rule " + ruleId);
        }
        return new FraudDriver(settings);
    }

    // ---- inputs ----

    /** The principal postings of a completed transfer, as the ledger writes them to both accounts. */
    public String transfer(TransferKind kind, String payer, String payee, long amount) {
        String id = "t-" + (++sequence);
        post(payer, id, kind, EntryDirection.DEBIT, amount, payee);
        post(payee, id, kind, EntryDirection.CREDIT, amount, payer);
        return id;
    }

    /** Pipes an entry exactly as the ledger wrote it. */
    public void entry(LedgerEntry entry) {
        entries.pipeInput(entry.getAccountId(), entry, now);
        drain();
    }

    public void post(String accountId, String transferId, TransferKind kind, EntryDirection direction, long amount,
                     String counterparty) {
        entry(LedgerEntry.newBuilder()
            .setAccountId(accountId)
            .setSequence(++sequence)
            .setTransferId(transferId)
            .setKind(kind)
            .setEntryType(EntryType.PRINCIPAL)
            .setDirection(direction)
            .setAmount(amount)
            .setBalanceAfter(balances.merge(accountId, direction == EntryDirection.CREDIT ? amount : -amount, Long::sum))
            .setCurrency("KES")
            .setCounterparty(counterparty)
            .setPostedAt(now.toEpochMilli())
            .build());
    }

    /** The outcome of a REVERSAL of a transfer from {@code originalPayer} to {@code originalPayee}. */
    public String reversal(String originalPayer, String originalPayee, long amount, TransferStatus status) {
        String id = "rev-" + (++sequence);
        results.pipeInput(id, TransferResult.newBuilder()
            .setRequestId(id).setKind(TransferKind.REVERSAL).setStatus(status)
            .setPayer(originalPayee).setPayee(originalPayer).setAmount(amount).setCurrency("KES")
            .setRequestedAt(now.toEpochMilli()).setDecidedAt(now.toEpochMilli()).build(), now);
        drain();
        return id;
    }

    public void opened(String accountId, AccountType type) {
        AccountState state = AccountState.newBuilder().setAccountId(accountId).setType(type)
            .setStatus(AccountStatus.ACTIVE).setCurrency("KES").setBalance(0)
            .setLimits(AccountLimits.newBuilder().build()).setSequence(0)
            .setOpenedAt(now.toEpochMilli()).setUpdatedAt(now.toEpochMilli()).build();
        accountEvents.pipeInput(accountId, AccountEvent.newBuilder().setCommandId("open-" + accountId)
            .setAccountId(accountId).setAction(AccountAction.OPEN).setAccepted(true).setAccount(state)
            .setDecidedAt(now.toEpochMilli()).build(), now);
        drain();
    }

    public void telco(String accountId, TelcoEventType type) {
        telco(accountId, TelcoEvent.newBuilder().setEventId("tel-" + (++sequence)).setAccountId(accountId)
            .setType(type).setOccurredAt(now.toEpochMilli()).build());
    }

    public void telco(String key, TelcoEvent event) {
        telco.pipeInput(key, event, now);
        drain();
    }

    public void decide(String accountId, CaseAction action, boolean freeze) {
        caseCommands.pipeInput(accountId, FraudCaseCommand.newBuilder().setCommandId("cmd-" + (++sequence))
            .setAccountId(accountId).setAction(action).setFreeze(freeze).setOperator("officer-7")
            .setNote("checked with the customer").setIssuedAt(now.toEpochMilli()).build(), now);
        drain();
    }

    // ---- clock ----

    public void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        drain();
    }

    public Instant now() {
        return now;
    }

    // ---- outputs ----

    public List<FraudAlert> alerts() {
        return allAlerts;
    }

    public List<FraudAlert> alertsFor(String accountId) {
        return allAlerts.stream().filter(a -> a.getAccountId().equals(accountId)).toList();
    }

    /** The band {@code rule} gave in the first alert on {@code accountId}, or 0 when there is none. */
    public int band(String accountId, String rule) {
        return alertsFor(accountId).stream().findFirst()
            .flatMap(a -> a.getBands().stream().filter(b -> b.getRule().equals(rule)).map(RuleBand::getBand).findFirst())
            .orElse(0);
    }

    public List<FraudCaseEvent> caseEvents() {
        return allCaseEvents;
    }

    /** The latest verdict published for {@code accountId}, or null. */
    public AccountRisk risk(String accountId) {
        for (int i = allRisk.size() - 1; i >= 0; i--) {
            if (allRisk.get(i).getAccountId().equals(accountId)) {
                return allRisk.get(i);
            }
        }
        return null;
    }

    public List<AccountRisk> allRisk() {
        return allRisk;
    }

    public List<AccountCommand> accountCommands() {
        return allAccountCommands;
    }

    public List<DeadLetter> deadLetters() {
        return allDeadLetters;
    }

    private void drain() {
        allAlerts.addAll(alerts.readValuesToList());
        allCaseEvents.addAll(caseEvents.readValuesToList());
        allRisk.addAll(risk.readValuesToList());
        allAccountCommands.addAll(accountCommands.readValuesToList());
        allDeadLetters.addAll(deadLetters.readValuesToList());
    }

    private <V> TestInputTopic<String, V> input(dev.hazina.topology.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(dev.hazina.topology.Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
