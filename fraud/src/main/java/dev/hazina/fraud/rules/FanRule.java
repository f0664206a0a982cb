package dev.hazina.fraud.rules;

import java.util.List;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TransferKind;

/**
 * Counts the distinct P2P counterparties on one side of an account within the window up to any
 * posting: band 2 at the threshold, 3 at twice it.
 */
abstract class FanRule extends ConfiguredRule {

    private final EntryDirection direction;

    FanRule(String id, RuleConfig config, EntryDirection direction) {
        super(id, config);
        this.direction = direction;
    }

    abstract long windowMs();

    abstract int threshold();

    @Override
    public RuleBand evaluate(Evidence evidence) {
        // Asked at every posting, not only at one on its own side: a mule's cash-out is where
        // collecting from many people and passing the money on meet.
        if (evidence.isReversal()) {
            return none();
        }
        List<Activity> sameSide = evidence.postings(windowMs(),
            a -> a.getDirection() == direction && a.getKind() == TransferKind.P2P);
        long distinct = sameSide.stream().map(Activity::getCounterparty).distinct().count();
        int band = distinct >= 2L * threshold() ? 3 : distinct >= threshold() ? 2 : 0;
        String side = direction == EntryDirection.CREDIT ? " distinct payers in " : " distinct payees in ";
        return band == 0 ? none() : band(band, distinct + side + windowMs() + " ms", Evidence.ids(sameSide));
    }
}
