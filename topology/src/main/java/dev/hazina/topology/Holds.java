package dev.hazina.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.HoldState;
import dev.hazina.schemas.HoldStatus;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Two-phase holds, decided on the payer's partition inside {@code transfer-request-processor}.
 *
 * <ul>
 *   <li>AUTHORIZE reserves {@code amount + fee} of the payer's available funds ({@code held} grows,
 *       the balance does not move) and uses up the daily allowance for {@code amount}. Its outcome is
 *       PENDING, with the hold's deadline in {@code holdExpiresAt}. The fee comes from the AUTHORIZE tariff.</li>
 *   <li>CAPTURE (keyed by the payer, {@code reference} = the AUTHORIZE's requestId) releases the whole
 *       reservation and debits the captured amount and its fee, then runs the ordinary CREDIT saga
 *       to the merchant. Whatever was not captured is free again. The CREDIT leg carries the
 *       AUTHORIZE's requestId as {@code reference}, so the CAPTURE's outcome names the hold it resolved.</li>
 *   <li>VOID releases the reservation; its own outcome is COMPLETED.</li>
 *   <li>A hold not resolved by its deadline expires: a wall-clock punctuation releases it and emits
 *       an EXPIRED result for the AUTHORIZE's requestId, with or without traffic. A CAPTURE or VOID
 *       at or after the deadline is HOLD_EXPIRED even when the sweep has not run yet: the deadline,
 *       not the sweep, decides a race.</li>
 * </ul>
 * A hold resolves once: a second CAPTURE or VOID is HOLD_RESOLVED. Stores: accounts, transfers (the
 * hold lives in the AUTHORIZE's record) and {@code hazina-hold-expiry}, the deadline index.
 */
final class Holds {

    private static final int SWEEP_BATCH = 10_000;

    private final LedgerConfig config;
    private final AccountBook accounts;
    private final TransferBook transfers;
    private final KeyValueStore<String, byte[]> deadlines;
    private final LedgerOutput output;

    Holds(LedgerConfig config, AccountBook accounts, TransferBook transfers, KeyValueStore<String, byte[]> deadlines,
          LedgerOutput output) {
        this.config = config;
        this.accounts = accounts;
        this.transfers = transfers;
        this.deadlines = deadlines;
        this.output = output;
    }

    Rejection authorize(Incoming in) {
        TransferRequest request = in.request();
        AccountState payer = accounts.find(request.getPayer());
        long amount = request.getAmount();
        int day = accounts.day(in.receivedAt());
        Rejection refusal = Checks.canDebit(payer, request, day);
        if (refusal != null) {
            return refusal;
        }
        long fee = config.tariff(TransferKind.AUTHORIZE).feeFor(amount);
        if (amount > Long.MAX_VALUE - fee) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount plus fee overflows");
        }
        refusal = Checks.hasFunds(payer, "payer " + payer.getAccountId(), amount + fee);
        if (refusal != null) {
            return refusal;
        }
        AccountBook.hold(payer, amount + fee);
        AccountBook.addDailyDebit(payer, day, amount);
        payer.setUpdatedAt(in.now());
        accounts.save(payer);
        // Never beyond the dedupe horizon: the hold lives in the record the sweep deletes then.
        long expiresAt = Math.min(AccountBook.saturatedAdd(in.now(), config.holdTimeoutMs()),
            AccountBook.saturatedAdd(in.receivedAt(), config.dedupeHorizonMs()));
        TransferResult pending = TransferResult.newBuilder(Results.of(request, TransferStatus.PENDING, null,
            "holding " + (amount + fee) + " until " + Instant.ofEpochMilli(expiresAt), 0, in.now()))
            .setHoldExpiresAt(expiresAt).build();
        HoldState hold = HoldState.newBuilder()
            .setAmount(amount)
            .setFee(fee)
            .setExpiresAt(expiresAt)
            .setStatus(HoldStatus.PENDING)
            .build();
        transfers.remember(TransferBook.recordOf(in, 0, pending).setHold(hold).build());
        deadlines.put(LedgerStores.expiryKey(expiresAt, request.getRequestId()), new byte[0]);
        output.result(in.record(), pending);
        return null;
    }

    Rejection capture(Incoming in) {
        TransferRequest request = in.request();
        TransferRecord authorization = transfers.find(request.getReference());
        Rejection refusal = checkResolvable(in, authorization);
        if (refusal != null) {
            return refusal;
        }
        HoldState hold = authorization.getHold();
        long amount = request.getAmount();
        if (amount > hold.getAmount()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "captures " + amount + " of a hold of " + hold.getAmount());
        }
        AccountState payer = accounts.find(request.getPayer());
        // A frozen account sends nothing: the hold stays pending until it is unfrozen, voided or expires.
        refusal = Checks.mayDebit(payer, "payer " + request.getPayer());
        if (refusal != null) {
            return refusal;
        }
        long fee = Math.min(config.tariff(TransferKind.AUTHORIZE).feeFor(amount), hold.getFee());
        long reserved = hold.getAmount() + hold.getFee();
        // The hold's own reservation is spendable here; only a limit lowered below usage makes this fail.
        long spendable = AccountBook.saturatedAdd(AccountBook.available(payer), reserved);
        if (amount + fee > spendable) {
            return new Rejection(ReasonCode.INSUFFICIENT_FUNDS, "needs " + (amount + fee) + ", has " + spendable
                + " with the hold (was the overdraft limit lowered?); the hold stays pending");
        }
        String currency = request.getCurrency();
        PostingPlan plan = Saga.debitLines(new PostingPlan(), payer, accounts.fees(currency, in.now()),
            accounts.transit(currency, in.now()), request.getPayee(), amount, fee, 0);
        if (!plan.fits()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount would overflow a system balance");
        }
        AccountBook.release(payer, reserved);
        AccountBook.releaseDailyDebit(payer, accounts.day(authorization.getReceivedAt()), hold.getAmount() - amount);
        output.entries(in.record(), plan.apply(request.getRequestId(), TransferKind.CAPTURE, in.now()));
        accounts.save(plan.accounts());
        resolve(authorization, HoldStatus.CAPTURED, request.getRequestId());
        transfers.remember(TransferBook.recordOf(in, fee, null).build());
        output.leg(in.record(), request.getPayee(), Saga.leg(LegType.CREDIT, request.getRequestId(),
            TransferKind.CAPTURE, request.getPayer(), request.getPayee(), amount, currency, request.getRequestedAt(),
            in.now()).setFee(fee).setReference(request.getReference()).build());
        return null;
    }

    Rejection voidHold(Incoming in) {
        TransferRequest request = in.request();
        TransferRecord authorization = transfers.find(request.getReference());
        Rejection refusal = checkResolvable(in, authorization);
        if (refusal != null) {
            return refusal;
        }
        if (request.getAmount() != authorization.getHold().getAmount()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "a VOID names the amount held, "
                + authorization.getHold().getAmount());
        }
        release(authorization, in.now());
        resolve(authorization, HoldStatus.VOIDED, request.getRequestId());
        TransferResult voided = Results.of(request, TransferStatus.COMPLETED, null,
            "released the hold " + authorization.getRequestId(), 0, in.now());
        transfers.remember(TransferBook.recordOf(in, 0, voided).build());
        output.result(in.record(), voided);
        return null;
    }

    /** Expires every pending hold whose deadline is at or before {@code now}, a bounded batch per run. */
    void expireDue(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = deadlines.range(LedgerStores.expiryKey(0, ""),
                LedgerStores.expiryKey(AccountBook.saturatedAdd(now, 1), ""))) {
            while (it.hasNext() && due.size() < SWEEP_BATCH) {
                KeyValue<String, byte[]> next = it.next();
                due.add(next.key);
            }
        }
        for (String key : due) {
            TransferRecord authorization = transfers.find(LedgerStores.requestIdOf(key));
            if (authorization != null && isPending(authorization)) {
                expire(new Record<>(authorization.getRequestId(), null, now), authorization, now);
            } else {
                deadlines.delete(key);
            }
        }
    }

    /** Before the dedupe sweep forgets an AUTHORIZE, its hold must not be left pending. */
    void expireIfPending(TransferRecord transfer, long now) {
        if (isPending(transfer)) {
            expire(new Record<>(transfer.getRequestId(), null, now), transfer, now);
        }
    }

    /**
     * Null when {@code authorization} is a pending hold that the CAPTURE or VOID in {@code in} may
     * resolve. A hold found past its deadline is expired first.
     */
    private Rejection checkResolvable(Incoming in, TransferRecord authorization) {
        TransferRequest request = in.request();
        if (authorization == null || authorization.getHold() == null
            || !authorization.getPayer().equals(request.getPayer())) {
            return new Rejection(ReasonCode.HOLD_NOT_FOUND, "no hold " + request.getReference() + " of payer "
                + request.getPayer());
        }
        if (!authorization.getPayee().equals(request.getPayee())
            || !authorization.getCurrency().equals(request.getCurrency())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "hold " + authorization.getRequestId()
                + " was authorised to " + authorization.getPayee() + " in " + authorization.getCurrency());
        }
        HoldState hold = authorization.getHold();
        if (hold.getStatus() == HoldStatus.PENDING && in.now() >= hold.getExpiresAt()) {
            // The deadline passed before the sweep got to it: expire it now, so that the race has one answer.
            expire(in.record(), authorization, in.now());
        }
        return switch (hold.getStatus()) {
            case PENDING -> null;
            case EXPIRED -> new Rejection(ReasonCode.HOLD_EXPIRED, "hold " + authorization.getRequestId()
                + " expired at " + Instant.ofEpochMilli(hold.getExpiresAt()));
            case CAPTURED, VOIDED -> new Rejection(ReasonCode.HOLD_RESOLVED, "hold " + authorization.getRequestId()
                + " was already " + hold.getStatus() + " by " + hold.getResolvedBy());
        };
    }

    private void expire(Record<?, ?> cause, TransferRecord authorization, long now) {
        release(authorization, now);
        resolve(authorization, HoldStatus.EXPIRED, null);
        HoldState hold = authorization.getHold();
        output.result(cause, Results.of(authorization, TransferStatus.EXPIRED, null, "hold of "
            + (hold.getAmount() + hold.getFee()) + " expired at " + Instant.ofEpochMilli(hold.getExpiresAt()), 0, now));
    }

    /** Gives the payer back the reservation and the daily allowance of a hold that will not be captured. */
    private void release(TransferRecord authorization, long now) {
        HoldState hold = authorization.getHold();
        AccountState payer = accounts.find(authorization.getPayer());
        if (payer == null) {
            throw new LedgerException("hold " + authorization.getRequestId() + " of unknown payer " + authorization.getPayer());
        }
        AccountBook.release(payer, hold.getAmount() + hold.getFee());
        AccountBook.releaseDailyDebit(payer, accounts.day(authorization.getReceivedAt()), hold.getAmount());
        payer.setUpdatedAt(now);
        accounts.save(payer);
    }

    private void resolve(TransferRecord authorization, HoldStatus status, String resolvedBy) {
        HoldState hold = authorization.getHold();
        if (hold.getStatus() != HoldStatus.PENDING) {
            throw new LedgerException("hold " + authorization.getRequestId() + " resolved twice: was " + hold.getStatus()
                + ", now " + status);
        }
        hold.setStatus(status);
        hold.setResolvedBy(resolvedBy);
        transfers.save(authorization);
        deadlines.delete(LedgerStores.expiryKey(hold.getExpiresAt(), authorization.getRequestId()));
    }

    private static boolean isPending(TransferRecord transfer) {
        return transfer.getHold() != null && transfer.getHold().getStatus() == HoldStatus.PENDING;
    }
}
