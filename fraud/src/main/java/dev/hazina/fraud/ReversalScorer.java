package dev.hazina.fraud;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;

/**
 * Scores a reversal requested against an account, whatever its outcome.
 *
 * <p>Input: {@code hazina.fraud-reversals} (see {@link ReversalRouter}), keyed by the account the
 * reversal debits. Outputs: alerts, case events, risk verdicts. Stores: profiles, cases, case expiry.
 */
final class ReversalScorer implements Processor<String, TransferResult, String, SpecificRecord> {

    private final FraudConfig config;
    private FraudTask task;

    ReversalScorer(FraudConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.task = new FraudTask(context, config);
    }

    @Override
    public void process(Record<String, TransferResult> record) {
        TransferResult result = record.value();
        task.score(record, record.key(), Activity.newBuilder()
            .setTransferId(result.getRequestId())
            .setKind(TransferKind.REVERSAL)
            .setDirection(EntryDirection.DEBIT)
            .setAmount(result.getAmount())
            .setCounterparty(result.getPayee())
            .setAt(record.timestamp())
            .build());
    }
}
