package dev.hazina.fraud.rules;

import dev.hazina.schemas.EntryDirection;

/** Is this account collecting from many people, as a mule does? Distinct P2P payers in the window. */
public final class FanInRule extends FanRule {

    public static final String ID = "fan-in";

    public FanInRule(RuleConfig config) {
        super(ID, config, EntryDirection.CREDIT);
    }

    @Override
    long windowMs() {
        return config.fanInWindowMs();
    }

    @Override
    int threshold() {
        return config.fanInPayers();
    }
}
