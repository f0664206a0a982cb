package dev.hazina.topology;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Step one of every transfer, on the partition of the account debited first.
 *
 * <p>Input: {@code hazina.transfer-requests}, keyed by payer (by payee for ISSUE). It dedupes by
 * requestId and content hash, validates, checks the payer's status, limits and funds, then debits
 * the payer (amount + fee) and sends a CREDIT leg to the payee's partition, or rejects. ISSUE
 * completes here: the issuance shard of this partition is debited and the payee credited.
 *
 * <p>Outputs: results, ledger entries, legs. Stores: accounts, transfers, transfer expiry. A
 * wall-clock punctuation deletes dedupe records older than the horizon.
 */
final class TransferRequestProcessor implements Processor<String, TransferRequest, String, SpecificRecord> {

    private static final int SWEEP_BATCH = 10_000;

    private final LedgerConfig config;
    private final RequestValidator validator;
    private final ContentHash contentHash = new ContentHash();
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerOutput output;
    private RecordGuard guard;
    private AccountBook accounts;
    private KeyValueStore<String, TransferRecord> transfers;
    private KeyValueStore<String, byte[]> expiry;

    TransferRequestProcessor(LedgerConfig config) {
        this.config = config;
        this.validator = new RequestValidator(config);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        LedgerTask task = new LedgerTask(context, config);
        this.context = context;
        this.output = task.output;
        this.guard = task.guard;
        this.accounts = task.accounts;
        this.transfers = task.transfers();
        this.expiry = context.getStateStore(LedgerStores.TRANSFER_EXPIRY);
        context.schedule(Duration.ofMillis(config.dedupeSweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::sweep);
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
        String debitedFirst = request.getKind() == TransferKind.ISSUE ? request.getPayee() : request.getPayer();
        if (!record.key().equals(debitedFirst)) {
            throw new DeadLetterException("KEY_MISMATCH", "key '" + record.key()
                + "' is not the account debited first ('" + debitedFirst + "')");
        }
        long now = context.currentSystemTimeMs();
        ByteBuffer hash = contentHash.of(request);
        TransferRecord known = transfers.get(request.getRequestId());
        if (known != null) {
            answerRetry(record, known, hash);
        } else if (now - record.timestamp() > config.dedupeHorizonMs()) {
            // Its dedupe record may be gone, so it cannot be told from a retry: refuse, remember nothing.
            output.result(record, Results.rejected(request, new Rejection(ReasonCode.REQUEST_TOO_OLD,
                "older than the dedupe horizon of " + Duration.ofMillis(config.dedupeHorizonMs())), now));
        } else {
            decide(record, hash, now);
        }
    }

    private void decide(Record<String, TransferRequest> record, ByteBuffer hash, long now) {
        TransferRequest request = record.value();
        Rejection rejection = validator.validate(request);
        if (rejection == null) {
            rejection = request.getKind() == TransferKind.ISSUE ? issue(record, hash, now) : debit(record, hash, now);
        }
        if (rejection != null) {
            TransferResult result = Results.rejected(request, rejection, now);
            remember(record, hash, 0, result);
            output.result(record, result);
        }
    }

    /** Saga step one: debit the payer and send the money towards the payee. */
    private Rejection debit(Record<String, TransferRequest> record, ByteBuffer hash, long now) {
        TransferRequest request = record.value();
        AccountState payer = accounts.find(request.getPayer());
        Rejection refusal = Checks.canPay(payer, request);
        if (refusal != null) {
            return refusal;
        }
        long amount = request.getAmount();
        int day = accounts.day(record.timestamp());
        Long dailyMax = payer.getLimits().getDailyDebitMax();
        if (dailyMax != null && AccountBook.debitedOn(payer, day) > dailyMax - amount) {
            return new Rejection(ReasonCode.LIMIT_DAILY, "daily debit limit of " + dailyMax + " reached");
        }
        long fee = config.tariff(request.getKind()).feeFor(amount);
        long commission = request.getKind() == TransferKind.CASH_OUT ? fee * config.commissionBps() / 10_000 : 0;
        if (amount > Long.MAX_VALUE - fee) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount plus fee overflows");
        }
        if (amount + fee > AccountBook.available(payer)) {
            return new Rejection(ReasonCode.INSUFFICIENT_FUNDS, "needs " + (amount + fee) + " including a fee of "
                + fee + ", has " + AccountBook.available(payer) + " available");
        }
        String currency = request.getCurrency();
        AccountState fees = accounts.fees(currency, now);
        AccountState transit = accounts.transit(currency, now);
        PostingPlan plan = new PostingPlan()
            .debit(payer, amount, EntryType.PRINCIPAL, request.getPayee())
            .debit(payer, fee, EntryType.FEE, fees.getAccountId())
            .credit(fees, fee, EntryType.FEE, payer.getAccountId())
            .debit(fees, commission, EntryType.COMMISSION, transit.getAccountId())
            .credit(transit, commission, EntryType.COMMISSION, fees.getAccountId())
            .credit(transit, amount, EntryType.TRANSIT, payer.getAccountId());
        if (!plan.fits()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount would overflow a system balance");
        }
        output.entries(record, plan.apply(request.getRequestId(), request.getKind(), now));
        AccountBook.addDailyDebit(payer, day, amount);
        accounts.save(plan.accounts());
        LedgerLeg credit = LedgerLeg.newBuilder()
            .setRequestId(request.getRequestId())
            .setLegType(LegType.CREDIT)
            .setKind(request.getKind())
            .setPayer(request.getPayer())
            .setPayee(request.getPayee())
            .setAmount(amount)
            .setCommission(commission)
            .setFee(fee)
            .setCurrency(currency)
            .setRequestedAt(request.getRequestedAt())
            .setSentAt(now)
            .build();
        output.leg(record, request.getPayee(), credit);
        remember(record, hash, fee, null);
        return null;
    }

    /** ISSUE: create e-money from this partition's issuance shard straight into a local payee. */
    private Rejection issue(Record<String, TransferRequest> record, ByteBuffer hash, long now) {
        TransferRequest request = record.value();
        AccountState payee = accounts.find(request.getPayee());
        Rejection refusal = Checks.canReceive(payee, request.getKind(), request.getCurrency(), request.getAmount());
        if (refusal != null) {
            return refusal;
        }
        AccountState issuance = accounts.issuance(request.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(issuance, request.getAmount(), EntryType.ISSUANCE, payee.getAccountId())
            .credit(payee, request.getAmount(), EntryType.PRINCIPAL, issuance.getAccountId());
        if (!plan.fits()) {
            return new Rejection(ReasonCode.LIMIT_MAX_BALANCE, "the payee's balance would overflow");
        }
        output.entries(record, plan.apply(request.getRequestId(), request.getKind(), now));
        accounts.save(plan.accounts());
        TransferResult result = Results.of(request, TransferStatus.COMPLETED, null, null, 0, now);
        remember(record, hash, 0, result);
        output.result(record, result);
        return null;
    }

    /** A requestId seen before: the same content gets the original outcome, other content a refusal. */
    private void answerRetry(Record<String, TransferRequest> record, TransferRecord known, ByteBuffer hash) {
        TransferRequest request = record.value();
        if (!known.getContentHash().equals(hash)) {
            TransferResult refusal = Results.rejected(request, new Rejection(ReasonCode.REQUEST_MODIFIED,
                "requestId was used before with different content"), context.currentSystemTimeMs());
            output.result(record, Results.duplicateOf(refusal));
        } else if (known.getOutcome() != null) {
            output.result(record, Results.duplicateOf(known.getOutcome()));
        } else {
            // In flight: the saga's last step answers every waiting retry with the one true outcome.
            known.setWaitingRetries(known.getWaitingRetries() + 1);
            transfers.put(known.getRequestId(), known);
        }
    }

    private void remember(Record<String, TransferRequest> record, ByteBuffer hash, long fee, TransferResult outcome) {
        TransferRequest request = record.value();
        TransferRecord transfer = TransferRecord.newBuilder()
            .setRequestId(request.getRequestId())
            .setContentHash(hash)
            .setReceivedAt(record.timestamp())
            .setKind(request.getKind())
            .setPayer(request.getPayer())
            .setPayee(request.getPayee())
            .setAmount(request.getAmount())
            .setFee(fee)
            .setCurrency(request.getCurrency())
            .setRequestedAt(request.getRequestedAt())
            .setOutcome(outcome)
            .build();
        transfers.put(request.getRequestId(), transfer);
        expiry.put(LedgerStores.expiryKey(record.timestamp(), request.getRequestId()), new byte[0]);
    }

    /** Deletes dedupe records past the horizon, oldest first, a bounded batch per run. */
    private void sweep(long now) {
        String upTo = LedgerStores.expiryKey(now - config.dedupeHorizonMs(), "");
        int deleted = 0;
        try (KeyValueIterator<String, byte[]> expired = expiry.range(LedgerStores.expiryKey(0, ""), upTo)) {
            while (expired.hasNext() && deleted < SWEEP_BATCH) {
                KeyValue<String, byte[]> next = expired.next();
                String requestId = next.key.substring(next.key.indexOf('|') + 1);
                transfers.delete(requestId);
                expiry.delete(next.key);
                deleted++;
            }
        }
    }

    /** Status, type, currency and limit checks on the two sides of a transfer. */
    static final class Checks {

        private Checks() {
        }

        static Rejection canPay(AccountState payer, TransferRequest request) {
            if (payer == null) {
                return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, "payer " + request.getPayer() + " does not exist");
            }
            if (payer.getStatus() == AccountStatus.CLOSED) {
                return new Rejection(ReasonCode.ACCOUNT_CLOSED, "payer " + payer.getAccountId() + " is closed");
            }
            if (payer.getStatus() == AccountStatus.FROZEN) {
                return new Rejection(ReasonCode.ACCOUNT_FROZEN, "payer " + payer.getAccountId() + " is frozen");
            }
            if (!TransferRules.payerAllowed(request.getKind(), payer.getType())) {
                return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE,
                    "a " + payer.getType() + " account cannot pay a " + request.getKind());
            }
            if (!payer.getCurrency().equals(request.getCurrency())) {
                return new Rejection(ReasonCode.CURRENCY_MISMATCH,
                    "payer holds " + payer.getCurrency() + ", request is in " + request.getCurrency());
            }
            Long perTransferMax = payer.getLimits().getPerTransferMax();
            if (perTransferMax != null && request.getAmount() > perTransferMax) {
                return new Rejection(ReasonCode.LIMIT_PER_TRANSFER, "above the per-transfer limit of " + perTransferMax);
            }
            return null;
        }

        static Rejection canReceive(AccountState payee, TransferKind kind, String currency, long credit) {
            if (payee == null) {
                return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, "payee does not exist");
            }
            if (payee.getStatus() == AccountStatus.CLOSED) {
                return new Rejection(ReasonCode.ACCOUNT_CLOSED, "payee " + payee.getAccountId() + " is closed");
            }
            if (!TransferRules.payeeAllowed(kind, payee.getType())) {
                return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE,
                    "a " + payee.getType() + " account cannot receive a " + kind);
            }
            if (!payee.getCurrency().equals(currency)) {
                return new Rejection(ReasonCode.CURRENCY_MISMATCH,
                    "payee holds " + payee.getCurrency() + ", transfer is in " + currency);
            }
            Long maxBalance = payee.getLimits().getMaxBalance();
            if (maxBalance != null && payee.getBalance() > maxBalance - credit) {
                return new Rejection(ReasonCode.LIMIT_MAX_BALANCE, "payee would exceed its maximum balance of " + maxBalance);
            }
            return null;
        }
    }
}
