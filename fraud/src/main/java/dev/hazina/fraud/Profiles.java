package dev.hazina.fraud;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.fraud.rules.Evidence;
import dev.hazina.fraud.rules.RuleConfig;
import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.Activity;
import dev.hazina.schemas.EntryDirection;

/**
 * The per-account profiles: what the rules read, updated after they have read it. Postings older
 * than the longest rule window fall out, and so do the oldest beyond the configured count, so a
 * profile stays small however busy the account.
 */
final class Profiles {

    private final KeyValueStore<String, AccountProfile> store;
    private final RuleConfig config;

    Profiles(KeyValueStore<String, AccountProfile> store, RuleConfig config) {
        this.store = store;
        this.config = config;
    }

    AccountProfile find(String accountId) {
        AccountProfile profile = store.get(accountId);
        return profile != null ? profile : AccountProfile.newBuilder().setAccountId(accountId).build();
    }

    void save(AccountProfile profile) {
        store.put(profile.getAccountId(), profile);
    }

    /** {@code profile} after the posting {@code activity}: remembered, and the moving averages moved. */
    AccountProfile posted(AccountProfile profile, Activity activity) {
        AccountProfile.Builder next = AccountProfile.newBuilder(profile)
            .setRecent(window(profile.getRecent(), activity, config.historyWindowMs()))
            .setLastActivityAt(Math.max(profile.getLastActivityAt(), activity.getAt()));
        if (activity.getDirection() == EntryDirection.DEBIT) {
            long sum24h = Evidence.sum(new Evidence(profile, activity).postings(24 * 3_600_000L, Evidence::debit));
            boolean first = profile.getDebits() == 0;
            next.setDebits(profile.getDebits() + 1)
                .setEmaDebitAmount(first ? activity.getAmount() : ema(profile.getEmaDebitAmount(), activity.getAmount()))
                .setEmaDailyDebitSum(first ? sum24h : ema(profile.getEmaDailyDebitSum(), sum24h));
        }
        return next.build();
    }

    /** {@code profile} after a reversal was requested against it. */
    AccountProfile reversed(AccountProfile profile, Activity reversal) {
        return AccountProfile.newBuilder(profile)
            .setReversals(window(profile.getReversals(), reversal, config.reversalWindowMs()))
            .build();
    }

    private List<Activity> window(List<Activity> kept, Activity added, long windowMs) {
        List<Activity> next = new ArrayList<>(kept.size() + 1);
        for (Activity activity : kept) {
            if (activity.getAt() > added.getAt() - windowMs) {
                next.add(activity);
            }
        }
        next.add(added);
        int overflow = next.size() - config.historyMaxEntries();
        return overflow > 0 ? new ArrayList<>(next.subList(overflow, next.size())) : next;
    }

    /** One step of an exponential moving average in integer minor units. */
    private long ema(long average, long sample) {
        return average + (sample - average) * config.emaAlphaBps() / 10_000;
    }
}
