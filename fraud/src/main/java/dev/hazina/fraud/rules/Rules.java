package dev.hazina.fraud.rules;

import java.util.ArrayList;
import java.util.List;

import dev.hazina.schemas.RuleBand;

/** Every rule, in a fixed order, evaluated together: the bands a typology weighs. */
public final class Rules {

    private final List<Rule> rules;

    public Rules(RuleConfig config) {
        this.rules = List.of(new DebtorVelocityRule(config), new FanInRule(config), new FanOutRule(config),
            new PassThroughRule(config), new SimSwapRule(config), new DormantAccountRule(config),
            new AgentStructuringRule(config), new ReversalAbuseRule(config));
    }

    public static List<String> ids() {
        return List.of(DebtorVelocityRule.ID, FanInRule.ID, FanOutRule.ID, PassThroughRule.ID, SimSwapRule.ID,
            DormantAccountRule.ID, AgentStructuringRule.ID, ReversalAbuseRule.ID);
    }

    /** Every rule's band for {@code evidence}, the zero bands included. */
    public List<RuleBand> evaluate(Evidence evidence) {
        List<RuleBand> bands = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            bands.add(rule.evaluate(evidence));
        }
        return bands;
    }
}
