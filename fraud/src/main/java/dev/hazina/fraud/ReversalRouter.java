package dev.hazina.fraud;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;

/**
 * Re-keys the outcome of every REVERSAL request by the account it debits (its payer: the original
 * payee), so the reversal-abuse rule sees it on that account's partition, refused reversals too.
 *
 * <p>Input: {@code hazina.transfer-results}, keyed by requestId. Output: the fraud stream's own
 * {@code hazina.fraud-reversals}, co-partitioned with the ledger. Answers to retries are dropped.
 * Other results are not forwarded: clean traffic costs this stream one read and no write.
 */
final class ReversalRouter implements Processor<String, TransferResult, String, TransferResult> {

    private ProcessorContext<String, TransferResult> context;

    @Override
    public void init(ProcessorContext<String, TransferResult> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, TransferResult> record) {
        TransferResult result = record.value();
        if (result != null && result.getKind() == TransferKind.REVERSAL && !result.getDuplicate()) {
            context.forward(record.withKey(result.getPayer()));
        }
    }
}
