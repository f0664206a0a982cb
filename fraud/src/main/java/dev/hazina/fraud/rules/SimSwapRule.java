package dev.hazina.fraud.rules;

import java.util.List;

import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.RuleBand;

/**
 * Is a large debit following a SIM swap or a device change (or PIN reset), as in an account
 * takeover? Band 3 after a SIM swap, band 2 after a device change, within the window.
 */
public final class SimSwapRule extends ConfiguredRule {

    public static final String ID = "sim-swap";


    public SimSwapRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        if (!evidence.isDebit() || evidence.trigger().getAmount() < config.simSwapLargeAmount()) {
            return none();
        }
        AccountProfile profile = evidence.profile();
        long at = evidence.trigger().getAt();
        List<String> ids = List.of(evidence.trigger().getTransferId());
        if (recent(profile.getSimSwapAt(), at)) {
            return band(3, "debit of " + evidence.trigger().getAmount() + " " + (at - profile.getSimSwapAt())
                + " ms after a SIM swap", ids);
        }
        if (recent(profile.getDeviceChangeAt(), at)) {
            return band(2, "debit of " + evidence.trigger().getAmount() + " " + (at - profile.getDeviceChangeAt())
                + " ms after a device change or PIN reset", ids);
        }
        return none();
    }

    private boolean recent(Long signalAt, long at) {
        return signalAt != null && at >= signalAt && at - signalAt < config.simSwapWindowMs();
    }
}
