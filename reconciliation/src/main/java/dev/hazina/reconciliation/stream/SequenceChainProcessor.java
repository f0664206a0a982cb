package dev.hazina.reconciliation.stream;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * The sequence-chain check: each account's postings are numbered 1, 2, 3... with no gap and no
 * repeat, and each {@code balanceAfter} is the previous one plus a credit or minus a debit (the
 * first posting's follows from zero).
 *
 * <p>Input: {@code hazina.ledger-entries}, keyed by account, so each account's chain is in one task
 * and no repartition is needed. Output: a RAISED alert per broken account (subject: the account),
 * on the first breach only; a broken chain stays open (it is a breach of the ledger, not a delay).
 * Stores: {@link ReconciliationStores#CHAINS}, the last posting seen per account, and the check's open-alerts store.
 */
final class SequenceChainProcessor implements Processor<String, LedgerEntry, String, ReconciliationAlert> {

    private final AlertPublisher publisher;
    private KeyValueStore<String, ChainHead> chains;

    SequenceChainProcessor(OpenAlerts openAlerts) {
        this.publisher = new AlertPublisher(Check.SEQUENCE_CHAIN, openAlerts);
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationAlert> context) {
        publisher.init(context);
        chains = context.getStateStore(ReconciliationStores.CHAINS);
    }

    @Override
    public void process(Record<String, LedgerEntry> record) {
        LedgerEntry entry = record.value();
        if (entry == null) {
            return;
        }
        String account = entry.getAccountId();
        ChainHead head = chains.get(account);
        long expectedSequence = head == null ? 1 : head.sequence() + 1;
        long previousBalance = head == null ? 0 : head.balanceAfter();
        long signed = entry.getDirection() == EntryDirection.DEBIT ? -entry.getAmount() : entry.getAmount();
        long expectedBalance = previousBalance + signed;
        publisher.judged();

        String breach = null;
        ReconciliationAlert.Builder alert = null;
        if (entry.getSequence() != expectedSequence) {
            breach = (entry.getSequence() < expectedSequence ? "repeated" : "gap: ") + " sequence " + entry.getSequence()
                + " where " + expectedSequence + " was expected";
            alert = evidence(entry, breach, expectedSequence, entry.getSequence());
        } else if (entry.getBalanceAfter() != expectedBalance) {
            breach = "sequence " + entry.getSequence() + " has balanceAfter " + entry.getBalanceAfter() + " but "
                + previousBalance + (signed < 0 ? " - " : " + ") + entry.getAmount() + " = " + expectedBalance;
            alert = evidence(entry, breach, expectedBalance, entry.getBalanceAfter());
        }
        boolean broken = head != null && head.broken();
        if (alert != null && !broken) {
            publisher.publish(alert);
            broken = true;
        }
        // Follow the ledger's latest posting, so one breach is one alert, not one per later posting.
        long sequence = Math.max(entry.getSequence(), head == null ? 0 : head.sequence());
        chains.put(account, new ChainHead(sequence, entry.getBalanceAfter(), broken));
    }

    private ReconciliationAlert.Builder evidence(LedgerEntry entry, String breach, long expected, long actual) {
        return publisher.alert(entry.getAccountId(), ReconciliationAlertStatus.RAISED,
                "account " + entry.getAccountId() + ": " + breach + " (transfer " + entry.getTransferId() + ")")
            .setAccountId(entry.getAccountId()).setTransferId(entry.getTransferId()).setCurrency(entry.getCurrency())
            .setExpected(expected).setActual(actual);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
