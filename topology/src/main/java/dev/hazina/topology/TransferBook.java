package dev.hazina.topology;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;

/**
 * One task's transfer records (dedupe, saga, hold and reversal state), kept on the partition that
 * decided each request, and the dedupe index that lets the sweep forget them in time order.
 */
final class TransferBook {

    private static final Logger LOG = LoggerFactory.getLogger(TransferBook.class);

    private final KeyValueStore<String, TransferRecord> store;
    private final KeyValueStore<String, byte[]> dedupeIndex;
    private final LedgerOutput output;

    /** {@code dedupeIndex} may be null for a processor that never creates records. */
    TransferBook(KeyValueStore<String, TransferRecord> store, KeyValueStore<String, byte[]> dedupeIndex,
                 LedgerOutput output) {
        this.store = store;
        this.dedupeIndex = dedupeIndex;
        this.output = output;
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

    /** Stores a new record and indexes it for the dedupe sweep. */
    void remember(TransferRecord transfer) {
        if (dedupeIndex == null) {
            throw new LedgerException("this processor cannot create transfer records");
        }
        store.put(transfer.getRequestId(), transfer);
        // Kept until the horizon counts from requestedAt too, so no retry the age check lets in finds it gone.
        long keepFrom = Math.max(transfer.getReceivedAt(), transfer.getRequestedAt());
        dedupeIndex.put(LedgerStores.expiryKey(keepFrom, transfer.getRequestId()), new byte[0]);
    }

    /** Stores the final outcome of a saga on the partition that decided it, and answers the retries that waited for it. */
    void finish(Record<?, ?> cause, TransferRecord transfer, TransferResult outcome) {
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
}
