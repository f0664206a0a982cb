package dev.hazina.fraud.rules;

import java.util.List;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TransferKind;

/**
 * Is an agent splitting deposits? Repeated cash-ins from this agent to one customer, each just under
 * the same fee band or reporting limit, within minutes: band 3 at the configured count.
 */
public final class AgentStructuringRule extends ConfiguredRule {

    public static final String ID = "agent-structuring";


    public AgentStructuringRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        Activity trigger = evidence.trigger();
        if (!evidence.isDebit() || trigger.getKind() != TransferKind.CASH_IN) {
            return none();
        }
        Long threshold = justUnder(trigger.getAmount());
        if (threshold == null) {
            return none();
        }
        List<Activity> split = evidence.postings(config.structuringWindowMs(), a -> Evidence.debit(a)
            && a.getKind() == TransferKind.CASH_IN && a.getCounterparty().equals(trigger.getCounterparty())
            && threshold.equals(justUnder(a.getAmount())));
        if (split.size() < config.structuringCount()) {
            return none();
        }
        return band(3, split.size() + " cash-ins to " + trigger.getCounterparty() + " just under " + threshold
            + " within " + config.structuringWindowMs() + " ms", Evidence.ids(split));
    }

    /** The threshold {@code amount} sits just under, or null. */
    private Long justUnder(long amount) {
        for (long threshold : config.structuringThresholds()) {
            if (amount < threshold && amount >= threshold - threshold * config.structuringMarginBps() / 10_000) {
                return threshold;
            }
        }
        return null;
    }
}
