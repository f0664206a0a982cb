package dev.hazina.fraud.rules;

import java.util.ArrayList;
import java.util.List;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TransferKind;

/**
 * Did money just pass through? Of the money other wallets sent in (P2P) within the window, at least
 * the configured share went out again after it arrived, and the account kept no more than the rest
 * of it: band 2, or band 3 when the money left as cash. A salary or a cash-in spent at once is not
 * money passing through, and nor is spending from savings after a small payment came in.
 */
public final class PassThroughRule extends ConfiguredRule {

    public static final String ID = "pass-through";

    public PassThroughRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        if (!evidence.isDebit()) {
            return none();
        }
        List<Activity> window = evidence.postings(config.passThroughWindowMs(), a -> a.getKind() != TransferKind.ISSUE);
        List<Activity> in = new ArrayList<>();
        List<Activity> out = new ArrayList<>();
        for (Activity activity : window) {
            if (Evidence.credit(activity)) {
                if (activity.getKind() == TransferKind.P2P) {
                    in.add(activity);
                }
            } else if (!in.isEmpty()) {
                // Only what left after money arrived passes through.
                out.add(activity);
            }
        }
        long moneyIn = Evidence.sum(in);
        long moneyOut = Evidence.sum(out);
        if (moneyIn < config.passThroughMinAmount() || moneyOut * 10_000 / moneyIn < config.passThroughShareBps()
            || keptMoreThanTheRest(evidence.trigger(), moneyIn)) {
            return none();
        }
        List<Activity> both = new ArrayList<>(in);
        both.addAll(out);
        int band = evidence.trigger().getKind() == TransferKind.CASH_OUT ? 3 : 2;
        return band(band, moneyOut + " of " + moneyIn + " out within " + config.passThroughWindowMs() + " ms of arriving",
            Evidence.ids(both));
    }

    /** A balance after the trigger above the share of the money in that did not leave; unknown (a profile from before 0.2) counts as kept little. */
    private boolean keptMoreThanTheRest(Activity trigger, long moneyIn) {
        Long balance = trigger.getBalanceAfter();
        return balance != null && balance * 10_000 > moneyIn * (10_000L - config.passThroughShareBps());
    }
}
