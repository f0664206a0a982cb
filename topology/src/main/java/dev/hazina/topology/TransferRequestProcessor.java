package dev.hazina.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Step one of every request, on the partition that decides it: the account debited first (the
 * payee for ISSUE and REVERSAL; see {@link TransferRules#keyAccount}).
 *
 * <p>Inputs: {@code hazina.transfer-requests} (channels) and {@code hazina.operator-requests}
 * (operators alone, by topic ACL). Both share one requestId space. It dedupes by requestId and
 * content hash, then checks the source: ISSUE and REVERSAL are accepted from the operator topic only,
 * and only they are ({@code OPERATOR_ONLY} for an ISSUE or REVERSAL on the channels' topic); the
 * request's {@code channel} field grants nothing. Then it validates, and by kind:
 * <ul>
 *   <li>P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C: checks the payer's status, limits and funds,
 *       debits the payer (amount + fee) and sends a CREDIT leg to the payee's partition, or starts a
 *       top-up when funds are short and the payer has a funding account ({@link TopUps}), or rejects.</li>
 *   <li>ISSUE completes here: the issuance shard of this partition is debited and the payee credited.</li>
 *   <li>AUTHORIZE, CAPTURE, VOID: {@link Holds}.</li>
 *   <li>REVERSAL: {@link Reversals}.</li>
 * </ul>
 * A payer the fraud stream blocked, or capped after a SIM swap, is refused FRAUD_BLOCKED before any
 * debit, hold or capture.
 * Outputs: results, ledger entries, legs. Stores: accounts, transfers, transfer expiry, hold expiry,
 * offsets, account risk (read only). Two wall-clock punctuations: one expires holds past their deadline, one deletes dedupe
 * records older than the horizon; a third, while the task starts, rebuilds its count of sagas in flight
 * ({@link SagasInFlight}) in batches. That count is in memory only, and dropped when the task closes.
 */
final class TransferRequestProcessor implements Processor<String, TransferRequest, String, SpecificRecord> {

    private static final int SWEEP_BATCH = 10_000;
    private static final Duration SAGA_REBUILD_INTERVAL = Duration.ofMillis(10);

    private final LedgerConfig config;
    private final LedgerMeters meters;
    private final String operatorTopic;
    private final RequestValidator validator;
    private final UpgradeCompat compat;
    private final ContentHash contentHash = new ContentHash();
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerOutput output;
    private RecordGuard guard;
    private AccountBook accounts;
    private TransferBook transfers;
    private KeyValueStore<String, byte[]> dedupeIndex;
    private Holds holds;
    private Reversals reversals;
    private TopUps topUps;
    private RiskChecks risk;
    private BusinessClock clock;
    private SagasInFlight sagas;
    private Cancellable sagaRebuild;

    TransferRequestProcessor(LedgerConfig config, LedgerMeters meters) {
        this.config = config;
        this.meters = meters;
        this.operatorTopic = config.topicName(LedgerConfig.TopicName.OPERATOR_REQUESTS);
        this.validator = new RequestValidator(config);
        this.compat = new UpgradeCompat(config.upgradeFrom());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        LedgerTask task = new LedgerTask(context, config, meters);
        this.context = context;
        this.output = task.output;
        this.guard = task.guard;
        this.accounts = task.accounts;
        this.dedupeIndex = context.getStateStore(LedgerStores.TRANSFER_EXPIRY);
        this.transfers = new TransferBook(task.transfers(), dedupeIndex, output, accounts, meters, context.taskId());
        this.holds = new Holds(config, accounts, transfers, context.getStateStore(LedgerStores.HOLD_EXPIRY), output);
        this.reversals = new Reversals(config, accounts, transfers, output);
        this.topUps = new TopUps(accounts, transfers, output);
        this.risk = task.risk();
        this.clock = new BusinessClock(context.getStateStore(LedgerStores.OFFSETS), config.clockSkewMs());
        context.schedule(Duration.ofMillis(config.holdSweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME, holds::expireDue);
        context.schedule(Duration.ofMillis(config.dedupeSweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::sweep);
        // This processor owns the task's count of sagas in flight: rebuilt from the store on every (re)initialisation.
        SagasInFlight inFlight = meters.openSagas(context.taskId(), task.transfers());
        this.sagas = inFlight;
        if (!inFlight.rebuild(config.sagaRebuildBatch())) {
            sagaRebuild = context.schedule(SAGA_REBUILD_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
                if (inFlight.rebuild(config.sagaRebuildBatch())) {
                    sagaRebuild.cancel();
                }
            });
        }
    }

    /** The task closes or moves away: its sagas no longer count on this instance. */
    @Override
    public void close() {
        if (sagas != null) {
            meters.closeSagas(context.taskId(), sagas);
            sagas = null;
        }
    }

    @Override
    public void process(Record<String, TransferRequest> record) {
        guard.checkRouting(record.key());
        TransferRequest request = record.value();
        if (request == null) {
            throw new DeadLetterException("NULL_VALUE", "a transfer request cannot be a tombstone");
        }
        if (!validator.validId(request.getRequestId())) {
            throw new DeadLetterException("INVALID_REQUEST_ID",
                "requestId must be 1-" + config.idMaxLength() + " characters");
        }
        String keyAccount = TransferRules.keyAccount(request);
        if (!record.key().equals(keyAccount)) {
            throw new DeadLetterException("KEY_MISMATCH", "key '" + record.key() + "' is not the account a "
                + request.getKind() + " is keyed by ('" + keyAccount + "')");
        }
        long now = context.currentSystemTimeMs();
        TransferRecord known = transfers.find(request.getRequestId());
        if (known != null) {
            answerRetry(new Incoming(record, contentHash.of(request), now, clock.now()), known);
        } else if (now - request.getRequestedAt() >= config.dedupeHorizonMs()
            || !Amounts.inRange(request.getRequestedAt())) {
            // Its dedupe record may be gone, so it cannot be told from a retry: not an outcome, remember nothing.
            output.result(record, Results.of(request, compat.readable(TransferStatus.UNKNOWN), ReasonCode.REQUEST_TOO_OLD,
                "requested more than the dedupe horizon of " + Duration.ofMillis(config.dedupeHorizonMs())
                    + " ago: the ledger no longer knows whether it decided this requestId, and did nothing now", 0, now));
        } else {
            Rejection skewed = clock.check(record.timestamp(), now, "the record's timestamp");
            if (skewed == null) {
                skewed = clock.checkNotAhead(request.getRequestedAt(), now, "requestedAt");
            }
            long at = skewed == null ? clock.advance(record.timestamp()) : Math.max(clock.now(), Math.min(now, record.timestamp()));
            decide(new Incoming(record, contentHash.of(request), now, at), skewed);
        }
    }

    /** Authorization by where the request came from: operator kinds on the operator topic, all others not. */
    private Rejection checkSource(TransferRequest request) {
        boolean fromOperators = operatorTopic.equals(guard.topic());
        boolean operatorKind = TransferRules.isOperatorKind(request.getKind());
        if (operatorKind && !fromOperators) {
            return new Rejection(ReasonCode.OPERATOR_ONLY, request.getKind() + " is accepted only from operators, on "
                + operatorTopic);
        }
        if (!operatorKind && fromOperators) {
            return new Rejection(ReasonCode.INVALID_REQUEST, request.getKind() + " is not an operator request: "
                + "channels send it on " + config.topicName(LedgerConfig.TopicName.TRANSFER_REQUESTS));
        }
        return null;
    }

    private void decide(Incoming in, Rejection skewed) {
        TransferRequest request = in.request();
        Rejection rejection = skewed != null ? skewed : checkSource(request);
        if (rejection == null) {
            rejection = validator.validate(request);
        }
        if (rejection == null && debitsPayer(request.getKind())) {
            rejection = risk.canDebit(request.getPayer(), request.getAmount(), in.receivedAt());
        }
        if (rejection == null) {
            rejection = switch (request.getKind()) {
                case ISSUE -> issue(in);
                case AUTHORIZE -> holds.authorize(in);
                case CAPTURE -> holds.capture(in);
                case VOID -> holds.voidHold(in);
                case REVERSAL -> reversals.start(in);
                default -> debit(in);
            };
        }
        if (rejection != null) {
            TransferResult result = Results.rejected(request, compat.readable(rejection), in.now());
            transfers.remember(TransferBook.recordOf(in, 0, result).build());
            output.result(in.record(), result);
        }
    }

    /** The kinds that take money from the payer's own funds here: the fraud stream's verdict on the payer applies. */
    private static boolean debitsPayer(TransferKind kind) {
        return TransferRules.isSaga(kind) || kind == TransferKind.AUTHORIZE || kind == TransferKind.CAPTURE;
    }

    /** Saga step one: debit the payer and send the money towards the payee. */
    private Rejection debit(Incoming in) {
        TransferRequest request = in.request();
        AccountState payer = accounts.find(request.getPayer());
        long amount = request.getAmount();
        int day = accounts.day(in.receivedAt());
        Rejection refusal = Checks.canDebit(payer, request, day);
        if (refusal != null) {
            return refusal;
        }
        long fee = config.tariff(request.getKind()).feeFor(amount);
        long commission = request.getKind() == TransferKind.CASH_OUT ? fee * config.commissionBps() / 10_000 : 0;
        if (amount > Long.MAX_VALUE - fee) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount plus fee overflows");
        }
        if (amount + fee > AccountBook.available(payer)) {
            return topUps.start(in, payer, fee, commission, day);
        }
        String currency = request.getCurrency();
        PostingPlan plan = Saga.debitLines(new PostingPlan(), payer, accounts.fees(currency, in.now()),
            accounts.transit(currency, in.now()), request.getPayee(), amount, fee, commission);
        if (!plan.fits()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount would overflow a system balance");
        }
        output.entries(in.record(), plan.apply(request.getRequestId(), request.getKind(), in.now()));
        AccountBook.addDailyDebit(payer, day, amount);
        accounts.save(plan.accounts());
        output.leg(in.record(), request.getPayee(), Saga.leg(LegType.CREDIT, request.getRequestId(), request.getKind(),
            request.getPayer(), request.getPayee(), amount, currency, request.getRequestedAt(), in.now())
            .setCommission(commission).setFee(fee).build());
        transfers.remember(TransferBook.recordOf(in, fee, null).setCommission(commission).build());
        return null;
    }

    /** ISSUE: create e-money from this partition's issuance shard straight into a local payee. */
    private Rejection issue(Incoming in) {
        TransferRequest request = in.request();
        AccountState payee = accounts.find(request.getPayee());
        Rejection refusal = Checks.canReceive(payee, request.getKind(), request.getCurrency(), request.getAmount());
        if (refusal != null) {
            return refusal;
        }
        AccountState issuance = accounts.issuance(request.getCurrency(), in.now());
        PostingPlan plan = new PostingPlan()
            .debit(issuance, request.getAmount(), EntryType.ISSUANCE, payee.getAccountId())
            .credit(payee, request.getAmount(), EntryType.PRINCIPAL, issuance.getAccountId());
        if (!plan.fits()) {
            return new Rejection(ReasonCode.LIMIT_MAX_BALANCE, "the payee's balance would overflow");
        }
        output.entries(in.record(), plan.apply(request.getRequestId(), request.getKind(), in.now()));
        accounts.save(plan.accounts());
        TransferResult result = Results.of(request, TransferStatus.COMPLETED, null, null, 0, in.now());
        transfers.remember(TransferBook.recordOf(in, 0, result).build());
        output.result(in.record(), result);
        return null;
    }

    /** A requestId seen before: the same content gets the original outcome, other content a refusal. */
    private void answerRetry(Incoming in, TransferRecord known) {
        TransferRequest request = in.request();
        if (!known.getContentHash().equals(in.hash())) {
            TransferResult refusal = Results.rejected(request, new Rejection(ReasonCode.REQUEST_MODIFIED,
                "requestId was used before with different content"), in.now());
            output.result(in.record(), Results.duplicateOf(refusal));
        } else if (known.getOutcome() != null) {
            output.result(in.record(), Results.duplicateOf(known.getOutcome()));
        } else {
            // In flight: the saga's last step answers every waiting retry with the one true outcome.
            known.setWaitingRetries(known.getWaitingRetries() + 1);
            transfers.save(known);
        }
    }

    /** Deletes dedupe records past the horizon, oldest first, a bounded batch per run. */
    private void sweep(long now) {
        String upTo = LedgerStores.expiryKey(now - config.dedupeHorizonMs(), "");
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dedupeIndex.range(LedgerStores.expiryKey(0, ""), upTo)) {
            while (it.hasNext() && expired.size() < SWEEP_BATCH) {
                expired.add(it.next().key);
            }
        }
        for (String key : expired) {
            String requestId = LedgerStores.requestIdOf(key);
            TransferRecord transfer = transfers.find(requestId);
            dedupeIndex.delete(key);
            if (transfer == null) {
                continue;
            }
            if (transfer.getOutcome() == null) {
                // A saga still in flight (the ledger was down for longer than the horizon) needs its record to finish.
                dedupeIndex.put(LedgerStores.expiryKey(now, requestId), new byte[0]);
                continue;
            }
            holds.expireIfPending(transfer, now);
            transfers.delete(requestId);
        }
    }
}
