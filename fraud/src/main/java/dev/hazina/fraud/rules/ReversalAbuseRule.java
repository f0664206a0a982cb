package dev.hazina.fraud.rules;

import java.util.List;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Activity;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TransferKind;

/**
 * Are reversals being abused? Asked of the account a reversal would debit. A reversal against an
 * agent undoes one of its cash-outs (band 1, band 2 at the configured count in the window); a
 * reversal requested after the recipient already cashed out the money it got from the reverser is
 * band 3: the payer wants the money back that its accomplice took as cash.
 */
public final class ReversalAbuseRule extends ConfiguredRule {

    public static final String ID = "reversal-abuse";


    public ReversalAbuseRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        if (!evidence.isReversal()) {
            return none();
        }
        Activity trigger = evidence.trigger();
        List<Activity> cashedOut = cashOutsAfterCreditFrom(evidence, trigger.getCounterparty());
        if (!cashedOut.isEmpty()) {
            return band(3, "reversal requested by " + trigger.getCounterparty() + " after the money was cashed out",
                Evidence.ids(cashedOut));
        }
        if (evidence.profile().getType() != AccountType.AGENT) {
            return none();
        }
        List<Activity> reversals = evidence.reversals(config.reversalWindowMs());
        int band = reversals.size() >= config.reversalCount() ? 2 : 1;
        return band(band, reversals.size() + " reversals against this agent's cash-outs in "
            + config.reversalWindowMs() + " ms", Evidence.ids(reversals));
    }

    /** The credit from {@code reverser} and the cash-outs after it, or nothing if no cash-out followed. */
    private List<Activity> cashOutsAfterCreditFrom(Evidence evidence, String reverser) {
        List<Activity> window = evidence.postings(config.reversalWindowMs(), a -> true);
        for (int i = 0; i < window.size(); i++) {
            Activity credit = window.get(i);
            if (Evidence.credit(credit) && credit.getCounterparty().equals(reverser)) {
                List<Activity> after = window.subList(i + 1, window.size()).stream()
                    .filter(a -> Evidence.debit(a) && a.getKind() == TransferKind.CASH_OUT).toList();
                if (!after.isEmpty()) {
                    return java.util.stream.Stream.concat(java.util.stream.Stream.of(credit), after.stream()).toList();
                }
            }
        }
        return List.of();
    }
}
