package dev.hazina.fraud.rules;

import dev.hazina.schemas.EntryDirection;

/** Is this account spraying money to many people, as a drained account does? Distinct P2P payees in the window. */
public final class FanOutRule extends FanRule {

    public static final String ID = "fan-out";

    public FanOutRule(RuleConfig config) {
        super(ID, config, EntryDirection.DEBIT);
    }

    @Override
    long windowMs() {
        return config.fanOutWindowMs();
    }

    @Override
    int threshold() {
        return config.fanOutPayees();
    }
}
