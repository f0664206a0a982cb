package dev.hazina.fraud.rules;

import java.util.List;

import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.RuleBand;

/**
 * Is a dormant account waking up with a debit far above its history? No posting for the idle time,
 * then a debit above both the minimum and a multiple of the account's average debit: band 3.
 */
public final class DormantAccountRule extends ConfiguredRule {

    public static final String ID = "dormant";


    public DormantAccountRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        AccountProfile profile = evidence.profile();
        if (!evidence.isDebit() || profile.getLastActivityAt() == 0) {
            return none();
        }
        long idle = evidence.trigger().getAt() - profile.getLastActivityAt();
        long amount = evidence.trigger().getAmount();
        boolean farAboveUsual = amount / config.dormantMultiplier() > profile.getEmaDebitAmount();
        if (idle < config.dormantIdleMs() || amount < config.dormantMinAmount() || !farAboveUsual) {
            return none();
        }
        return band(3, "debit of " + amount + " after " + idle + " ms idle; average debit " + profile.getEmaDebitAmount(),
            List.of(evidence.trigger().getTransferId()));
    }
}
