package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * A retry that arrives between saga steps: it gets no answer of its own until the saga ends, and
 * then exactly one duplicate answer carrying the one true outcome.
 */
class InFlightRetryTest {

    private static final long NOW = LedgerDriver.START.toEpochMilli();

    private LedgerConfig config;
    private MockProcessorContext<String, SpecificRecord> context;
    private TransferRequestProcessor requests;
    private LedgerLegProcessor legs;
    private long offset;

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        config = new LedgerConfig(Map.of(
            LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://in-flight-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true,
            LedgerConfig.PARTITIONS_CONFIG, 1));
        Properties props = LedgerTopology.streamsProperties(config);
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(NOW);
        KeyValueStore<String, AccountState> accounts = store(LedgerStores.accounts(config));
        // MockProcessorContext names every changelog "changelog", so each Avro store needs its own registry scope.
        store(LedgerStores.transfers(new LedgerConfig(Map.of(
            LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://in-flight-transfers-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true))));
        store(LedgerStores.transferExpiry());
        store(LedgerStores.offsets());
        accounts.put("alice", customer("alice", 1_000_000));
        accounts.put("bob", customer("bob", 0));
        requests = new TransferRequestProcessor(config);
        requests.init(context);
        legs = new LedgerLegProcessor(config);
        legs.init(context);
    }

    @Test
    void shouldAnswerARetryThatArrivedMidSagaWithTheCompletedOutcome() {
        // Given: step one has run, and the channel retries before the credit lands
        TransferRequest request = request();
        process(requests, "hazina.transfer-requests", "alice", request);
        LedgerLeg credit = onlyLeg(LegType.CREDIT);
        context.resetForwards();
        process(requests, "hazina.transfer-requests", "alice", request);
        assertThat(results()).as("no answer while in flight").isEmpty();

        // When: the credit and the confirmation run
        process(legs, "hazina.ledger-legs", "bob", credit);
        TransferResult completed = results().get(0);
        LedgerLeg confirm = onlyLeg(LegType.CONFIRM);
        context.resetForwards();
        process(legs, "hazina.ledger-legs", "alice", confirm);

        // Then
        assertThat(results()).singleElement().satisfies(answer -> {
            assertThat(answer.getDuplicate()).isTrue();
            assertThat(answer.getStatus()).isEqualTo(TransferStatus.COMPLETED);
            assertThat(answer.getDecidedAt()).isEqualTo(completed.getDecidedAt());
        });
        assertThat(transfers().get(request.getRequestId()).getWaitingRetries()).isZero();
    }

    @Test
    void shouldAnswerARetryThatArrivedMidSagaWithTheReversal() {
        // Given: bob is closed, and the channel retries twice before the refund lands
        KeyValueStore<String, AccountState> accounts = context.getStateStore(LedgerStores.ACCOUNTS);
        AccountState bob = accounts.get("bob");
        bob.setStatus(AccountStatus.CLOSED);
        accounts.put("bob", bob);
        TransferRequest request = request();
        process(requests, "hazina.transfer-requests", "alice", request);
        LedgerLeg credit = onlyLeg(LegType.CREDIT);
        process(requests, "hazina.transfer-requests", "alice", request);
        process(requests, "hazina.transfer-requests", "alice", request);
        context.resetForwards();

        // When
        process(legs, "hazina.ledger-legs", "bob", credit);
        LedgerLeg refund = onlyLeg(LegType.REFUND);
        context.resetForwards();
        process(legs, "hazina.ledger-legs", "alice", refund);

        // Then: the reversal, then one answer per waiting retry
        assertThat(results()).extracting(TransferResult::getStatus, TransferResult::getDuplicate).containsExactly(
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, false),
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, true),
            org.assertj.core.groups.Tuple.tuple(TransferStatus.REVERSED, true));
        assertThat(accounts.get("alice").getBalance()).isEqualTo(1_000_000);
    }

    @Test
    void shouldSkipALegReplayedBelowTheLastProcessedOffset() {
        // Given
        process(requests, "hazina.transfer-requests", "alice", request());
        LedgerLeg credit = onlyLeg(LegType.CREDIT);
        process(legs, "hazina.ledger-legs", "bob", credit);
        KeyValueStore<String, AccountState> accounts = context.getStateStore(LedgerStores.ACCOUNTS);
        long credited = accounts.get("bob").getBalance();
        context.resetForwards();

        // When: an operator rewinds the legs topic and the same offset comes again
        offset--;
        process(legs, "hazina.ledger-legs", "bob", credit);

        // Then
        assertThat(context.forwarded()).isEmpty();
        assertThat(accounts.get("bob").getBalance()).isEqualTo(credited);
    }

    private <V> void process(org.apache.kafka.streams.processor.api.Processor<String, V, String, SpecificRecord> processor,
                             String topic, String key, V value) {
        context.setRecordMetadata(topic, 0, offset++);
        processor.process(new Record<>(key, value, NOW));
    }

    private List<TransferResult> results() {
        return context.forwarded().stream()
            .filter(f -> LedgerTopology.RESULTS_SINK.equals(f.childName().orElse(null)))
            .map(f -> (TransferResult) f.record().value())
            .toList();
    }

    private LedgerLeg onlyLeg(LegType type) {
        List<LedgerLeg> legs = context.forwarded().stream()
            .filter(f -> LedgerTopology.LEGS_SINK.equals(f.childName().orElse(null)))
            .map(CapturedForward::record)
            .map(r -> (LedgerLeg) r.value())
            .toList();
        assertThat(legs).singleElement().extracting(LedgerLeg::getLegType).isEqualTo(type);
        return legs.get(0);
    }

    private KeyValueStore<String, dev.hazina.schemas.TransferRecord> transfers() {
        return context.getStateStore(LedgerStores.TRANSFERS);
    }

    private <S extends StateStore> S store(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static TransferRequest request() {
        return TransferRequest.newBuilder()
            .setRequestId("retry-" + UUID.randomUUID())
            .setChannel(Channel.USSD)
            .setKind(TransferKind.P2P)
            .setPayer("alice")
            .setPayee("bob")
            .setAmount(100_000)
            .setCurrency("KES")
            .setRequestedAt(NOW)
            .build();
    }

    private static AccountState customer(String id, long balance) {
        return AccountState.newBuilder()
            .setAccountId(id)
            .setType(AccountType.CUSTOMER)
            .setStatus(AccountStatus.ACTIVE)
            .setCurrency("KES")
            .setBalance(balance)
            .setLimits(AccountLimits.newBuilder().build())
            .setSequence(0)
            .setOpenedAt(NOW)
            .setUpdatedAt(NOW)
            .build();
    }
}
