package dev.hazina.topology;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;

/**
 * One task's transfer records (dedupe, saga, hold and reversal state), kept on the partition that
 * decided each request, and the dedupe index that lets the sweep forget them in time order. Every
 * saga start and finish goes through here, so it also tells the meters ({@link SagasInFlight}). The meters
 * find the task's count by task id on each call: the leg processor may initialise before the request
 * processor opens that count, and a task's processors initialise again after a rebalance.
 */
final class TransferBook {

    private static final Logger LOG = LoggerFactory.getLogger(TransferBook.class);

    private final KeyValueStore<String, TransferRecord> store;
    private final KeyValueStore<String, byte[]> dedupeIndex;
    private final LedgerOutput output;
    private final AccountBook accounts;
    private final LedgerMeters meters;
    private final TaskId task;

    /** {@code dedupeIndex} may be null for a processor that never creates records. */
    TransferBook(KeyValueStore<String, TransferRecord> store, KeyValueStore<String, byte[]> dedupeIndex,
                 LedgerOutput output, AccountBook accounts, LedgerMeters meters, TaskId task) {
        this.store = store;
        this.dedupeIndex = dedupeIndex;
        this.output = output;
        this.accounts = accounts;
        this.meters = meters;
        this.task = task;
    }

    TransferRecord find(String requestId) {
        return store.get(requestId);
    }

    void save(TransferRecord transfer) {
        store.put(transfer.getRequestId(), transfer);
    }

    void delete(String requestId) {
        store.delete(requestId);
    }

    /** A record of {@code in}, not yet stored: with {@code outcome} when it is decided, null while its saga runs. */
    static TransferRecord.Builder recordOf(Incoming in, long fee, TransferResult outcome) {
        TransferRequest request = in.request();
        return TransferRecord.newBuilder()
            .setRequestId(request.getRequestId())
            .setContentHash(in.hash())
            .setReceivedAt(in.receivedAt())
            .setKind(request.getKind())
            .setPayer(request.getPayer())
            .setPayee(request.getPayee())
            .setAmount(request.getAmount())
            .setFee(fee)
            .setCurrency(request.getCurrency())
            .setRequestedAt(request.getRequestedAt())
            .setReference(request.getReference())
            .setOutcome(outcome);
    }

    /** Stores a new record and indexes it for the dedupe sweep; one without an outcome counts as in flight. */
    void remember(TransferRecord transfer) {
        if (dedupeIndex == null) {
            throw new LedgerException("this processor cannot create transfer records");
        }
        store.put(transfer.getRequestId(), transfer);
        if (transfer.getOutcome() == null) {
            countInFlight(transfer.getKind(), transfer.getPayer(), transfer.getPayee(), 1);
            meters.sagaStarted(task, transfer.getRequestId(), transfer.getReceivedAt());
        }
        // Kept until the horizon counts from requestedAt too, so no retry the age check lets in finds it gone.
        long keepFrom = Math.max(transfer.getReceivedAt(), transfer.getRequestedAt());
        dedupeIndex.put(LedgerStores.expiryKey(keepFrom, transfer.getRequestId()), new byte[0]);
    }

    /** Stores the final outcome of a saga on the partition that decided it, and answers the retries that waited for it. */
    void finish(Record<?, ?> cause, TransferRecord transfer, TransferResult outcome) {
        countInFlight(outcome.getKind(), outcome.getPayer(), outcome.getPayee(), -1);
        meters.sagaFinished(task, outcome.getRequestId());
        if (transfer == null) {
            LOG.warn("Saga {} finished after its dedupe record expired", outcome.getRequestId());
            return;
        }
        if (transfer.getOutcome() != null) {
            throw new LedgerException("saga " + transfer.getRequestId() + " finished twice: had "
                + transfer.getOutcome().getStatus() + ", now " + outcome.getStatus());
        }
        for (int i = 0; i < transfer.getWaitingRetries(); i++) {
            output.result(cause, Results.duplicateOf(outcome));
        }
        transfer.setOutcome(outcome);
        transfer.setWaitingRetries(0);
        save(transfer);
    }

    /**
     * Counts a running transfer on the account it started from, where its refund or reversal credit
     * lands: the callers have saved that account already, so it is read afresh here.
     */
    private void countInFlight(TransferKind kind, String payer, String payee, int delta) {
        AccountState home = accounts.find(TransferRules.keyAccount(kind, payer, payee));
        if (home != null) {
            // Never below zero: a saga that started before this count existed finishes without one.
            home.setInFlight(Math.max(0, home.getInFlight() + delta));
            accounts.save(home);
        }
    }
}
