package dev.hazina.fraud.rules;

import java.time.Duration;
import java.util.List;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.RuleBand;

/**
 * Is money leaving this account faster than usual? Counts and sums the debits of the last hour and
 * 24 hours: many debits in an hour is band 2, many in a day band 1, and a 24 h sum above a multiple
 * of the account's own moving average (once it has a history) adds a band.
 */
public final class DebtorVelocityRule extends ConfiguredRule {

    public static final String ID = "velocity";
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofHours(24).toMillis();


    public DebtorVelocityRule(RuleConfig config) {
        super(ID, config);
    }

    @Override
    public RuleBand evaluate(Evidence evidence) {
        if (!evidence.isDebit()) {
            return none();
        }
        List<Activity> day = evidence.postings(DAY, Evidence::debit);
        List<Activity> hour = evidence.postings(HOUR, Evidence::debit);
        int band = hour.size() >= config.velocityCount1h() ? 2 : day.size() >= config.velocityCount24h() ? 1 : 0;
        long sum24h = Evidence.sum(day);
        long average = evidence.profile().getEmaDailyDebitSum();
        boolean aboveHistory = evidence.profile().getDebits() >= config.emaWarmup()
            && sum24h / config.velocityEmaMultiplier() > average;
        if (aboveHistory) {
            band++;
        }
        String detail = hour.size() + " debits in 1 h (" + Evidence.sum(hour) + "), " + day.size() + " in 24 h ("
            + sum24h + ") against a 24 h average of " + average;
        return band == 0 ? none() : band(Math.min(3, band), detail, Evidence.ids(band >= 2 ? day : hour));
    }
}
