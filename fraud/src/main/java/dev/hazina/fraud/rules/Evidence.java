package dev.hazina.fraud.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.Activity;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.TransferKind;

/**
 * What a rule may look at: the account's profile as it stood before the trigger, and the trigger
 * itself (a posting, or a reversal requested against the account). Windows end at the trigger.
 */
public record Evidence(AccountProfile profile, Activity trigger) {

    public boolean isDebit() {
        return !isReversal() && trigger.getDirection() == EntryDirection.DEBIT;
    }

    public boolean isCredit() {
        return !isReversal() && trigger.getDirection() == EntryDirection.CREDIT;
    }

    /** A reversal requested against this account: it is the account the reversal would debit. */
    public boolean isReversal() {
        return trigger.getKind() == TransferKind.REVERSAL;
    }

    /** The postings in the {@code windowMs} up to the trigger, oldest first, the trigger included when it is a posting. */
    public List<Activity> postings(long windowMs, Predicate<Activity> filter) {
        List<Activity> within = new ArrayList<>();
        for (Activity activity : profile.getRecent()) {
            if (activity.getAt() > trigger.getAt() - windowMs && filter.test(activity)) {
                within.add(activity);
            }
        }
        if (!isReversal() && filter.test(trigger)) {
            within.add(trigger);
        }
        return within;
    }

    /** The reversals requested against this account in the {@code windowMs} up to the trigger, the trigger included. */
    public List<Activity> reversals(long windowMs) {
        List<Activity> within = new ArrayList<>();
        for (Activity activity : profile.getReversals()) {
            if (activity.getAt() > trigger.getAt() - windowMs) {
                within.add(activity);
            }
        }
        if (isReversal()) {
            within.add(trigger);
        }
        return within;
    }

    public static boolean debit(Activity activity) {
        return activity.getDirection() == EntryDirection.DEBIT;
    }

    public static boolean credit(Activity activity) {
        return activity.getDirection() == EntryDirection.CREDIT;
    }

    public static List<String> ids(List<Activity> activities) {
        return activities.stream().map(Activity::getTransferId).distinct().toList();
    }

    public static long sum(List<Activity> activities) {
        long sum = 0;
        for (Activity activity : activities) {
            sum = Math.addExact(sum, activity.getAmount());
        }
        return sum;
    }
}
