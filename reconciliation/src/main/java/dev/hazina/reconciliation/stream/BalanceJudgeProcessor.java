package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * Sums the debits and credits of regrouped postings per subject, and once a subject has had no new
 * posting for a quiet period (wall clock) judges it: debits must equal credits. Two checks use it:
 * <ul>
 *   <li>transfer-balance: postings regrouped by transferId (repartition
 *       {@code reconciliation-entries-by-transfer}), subject {@code transferId/currency}. Every ledger
 *       step balances by itself, but a saga's steps land on different partitions at different times,
 *       so the quiet period lets every leg arrive before the verdict.</li>
 *   <li>conservation: postings regrouped by currency (repartition
 *       {@code reconciliation-entries-by-currency}), subject {@code currency@windowStart} for windows
 *       of the entries' postedAt. The entries of all accounts, the {@code SYS.TRANSIT.*} shards that
 *       hold money in flight between saga legs included, must net to zero.</li>
 * </ul>
 * An unbalanced subject is RAISED once and kept; if later postings balance it (a leg that was
 * only late) it is CLEARED. A balanced subject is forgotten once judged: a later posting for it
 * starts a fresh tally, which balances by itself since every ledger step does.
 *
 * <p>Caveat: a partition lagging behind the others by more than the quiet period raises an alert
 * that clears when it catches up.
 */
final class BalanceJudgeProcessor implements Processor<String, Posting, String, ReconciliationAlert> {

    private final Check check;
    private final String storeName;
    private final long quietMs;
    private final long punctuateMs;
    private final long windowMs;
    private final Function<Posting, NetTally> start;
    private final AlertPublisher publisher;
    private KeyValueStore<String, NetTally> tallies;

    private BalanceJudgeProcessor(Check check, String storeName, long quietMs, long punctuateMs, long windowMs,
                                  Function<Posting, NetTally> start, OpenAlerts openAlerts) {
        this.check = check;
        this.storeName = storeName;
        this.quietMs = quietMs;
        this.punctuateMs = punctuateMs;
        this.windowMs = windowMs;
        this.start = start;
        this.publisher = new AlertPublisher(check, openAlerts);
    }

    static BalanceJudgeProcessor transfers(ReconciliationConfig config, OpenAlerts openAlerts) {
        return new BalanceJudgeProcessor(Check.TRANSFER_BALANCE, ReconciliationStores.TRANSFER_TALLIES,
            config.transferQuietMs(), config.punctuateIntervalMs(), 0,
            posting -> NetTally.empty(posting.currency(), posting.transferId(), -1), openAlerts);
    }

    static BalanceJudgeProcessor conservation(ReconciliationConfig config, OpenAlerts openAlerts) {
        long width = config.conservationWindowMs();
        return new BalanceJudgeProcessor(Check.CONSERVATION, ReconciliationStores.CONSERVATION_WINDOWS,
            config.conservationQuietMs(), config.punctuateIntervalMs(), width,
            posting -> NetTally.empty(posting.currency(), "", Math.floorDiv(posting.postedAt(), width) * width), openAlerts);
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationAlert> context) {
        publisher.init(context);
        tallies = context.getStateStore(storeName);
        context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME, this::judgeQuiet);
    }

    @Override
    public void process(Record<String, Posting> record) {
        Posting posting = record.value();
        if (posting == null) {
            return;
        }
        NetTally fresh = start.apply(posting);
        String subject = subject(fresh);
        NetTally tally = tallies.get(subject);
        tallies.put(subject, (tally == null ? fresh : tally).plus(posting, publisher.now()));
    }

    private void judgeQuiet(long now) {
        List<KeyValue<String, NetTally>> quiet = new ArrayList<>();
        try (KeyValueIterator<String, NetTally> all = tallies.all()) {
            all.forEachRemaining(kv -> {
                if (now - kv.value.lastSeenAt() >= quietMs) {
                    quiet.add(kv);
                }
            });
        }
        for (KeyValue<String, NetTally> kv : quiet) {
            judge(kv.key, kv.value);
        }
    }

    private void judge(String subject, NetTally tally) {
        if (tally.balanced()) {
            publisher.judged();
            if (tally.raised()) {
                publisher.publish(evidence(subject, tally, ReconciliationAlertStatus.CLEARED, "now balances"));
            }
            tallies.delete(subject);
        } else if (!tally.raised()) {
            publisher.judged();
            publisher.publish(evidence(subject, tally, ReconciliationAlertStatus.RAISED, "does not balance"));
            tallies.put(subject, tally.withRaised(true));
        }
    }

    private ReconciliationAlert.Builder evidence(String subject, NetTally tally, ReconciliationAlertStatus status,
                                                 String verdict) {
        String what;
        if (check == Check.CONSERVATION) {
            what = "entries posted in " + Instant.ofEpochMilli(tally.windowStart()) + " + " + windowMs + " ms";
        } else {
            what = "transfer " + tally.transferId();
        }
        String detail = what + " " + verdict + " in " + tally.currency() + ": debits " + tally.debits() + ", credits "
            + tally.credits() + " over " + tally.entries() + " entries";
        ReconciliationAlert.Builder alert = publisher.alert(subject, status, detail).setCurrency(tally.currency())
            .setExpected(tally.credits()).setActual(tally.debits());
        if (check == Check.CONSERVATION) {
            alert.setWindowStart(tally.windowStart()).setWindowEnd(tally.windowStart() + windowMs);
        } else {
            alert.setTransferId(tally.transferId());
        }
        return alert;
    }

    private static String subject(NetTally tally) {
        return tally.windowStart() >= 0 ? tally.currency() + "@" + tally.windowStart()
            : tally.transferId() + "/" + tally.currency();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
