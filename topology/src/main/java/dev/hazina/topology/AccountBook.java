package dev.hazina.topology;

import java.time.Instant;
import java.time.ZoneId;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;

/** One task's accounts: reads, writes, the system shards it owns and the daily-debit counter. */
final class AccountBook {

    private final KeyValueStore<String, AccountState> store;
    private final int partition;
    private final ZoneId zone;

    AccountBook(KeyValueStore<String, AccountState> store, int partition, ZoneId zone) {
        this.store = store;
        this.partition = partition;
        this.zone = zone;
    }

    AccountState find(String accountId) {
        return store.get(accountId);
    }

    void save(Iterable<AccountState> accounts) {
        for (AccountState account : accounts) {
            store.put(account.getAccountId(), account);
        }
    }

    void save(AccountState account) {
        store.put(account.getAccountId(), account);
    }

    AccountState issuance(String currency, long now) {
        return system(SystemAccounts.issuance(currency, partition), currency, now);
    }

    AccountState fees(String currency, long now) {
        return system(SystemAccounts.fees(currency, partition), currency, now);
    }

    AccountState transit(String currency, long now) {
        return system(SystemAccounts.transit(currency, partition), currency, now);
    }

    /** A system shard of this partition, created empty on first use. */
    private AccountState system(String accountId, String currency, long now) {
        AccountState account = store.get(accountId);
        if (account == null) {
            account = AccountState.newBuilder()
                .setAccountId(accountId)
                .setType(AccountType.SYSTEM)
                .setStatus(AccountStatus.ACTIVE)
                .setCurrency(currency)
                .setBalance(0)
                .setLimits(AccountLimits.newBuilder().build())
                .setSequence(0)
                .setOpenedAt(now)
                .setUpdatedAt(now)
                .build();
        }
        return account;
    }

    /** The local calendar day (epoch day) of an instant, in the ledger's time zone. */
    int day(long epochMillis) {
        return (int) Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate().toEpochDay();
    }

    /** What {@code account} has debited so far on {@code day}. */
    static long debitedOn(AccountState account, int day) {
        return account.getDailyDebitDay() == day ? account.getDailyDebitTotal() : 0;
    }

    /** Counts a debit on {@code day}, or on the day already counted if that is later: the counter never goes back a day. */
    static void addDailyDebit(AccountState account, int day, long amount) {
        int counted = Math.max(day, account.getDailyDebitDay());
        account.setDailyDebitTotal(debitedOn(account, counted) + amount);
        account.setDailyDebitDay(counted);
    }

    /**
     * Gives back {@code amount} of the daily allowance a debit on {@code day} used, when it was
     * refunded or its hold released. Only while that day is still the one counted: yesterday's
     * debits no longer count against today's limit anyway.
     */
    static void releaseDailyDebit(AccountState account, int day, long amount) {
        if (account.getDailyDebitDay() == day) {
            account.setDailyDebitTotal(Math.max(0, account.getDailyDebitTotal() - amount));
        }
    }

    /** Funds the account can spend: balance - held + overdraftLimit, saturating instead of overflowing. */
    static long available(AccountState account) {
        long spendable = account.getBalance() - account.getHeld();
        long overdraft = account.getLimits().getOverdraftLimit();
        return spendable > Long.MAX_VALUE - overdraft ? Long.MAX_VALUE : spendable + overdraft;
    }

    /** {@code a + b}, saturating at the ends of the long range instead of overflowing. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /** Reserves {@code amount} of the account's available funds: they stay in the balance but cannot be spent. */
    static void hold(AccountState account, long amount) {
        account.setHeld(Math.addExact(account.getHeld(), amount));
    }

    /** Releases a reservation made by {@link #hold}. */
    static void release(AccountState account, long amount) {
        if (amount > account.getHeld()) {
            throw new LedgerException("releasing " + amount + " from " + account.getAccountId() + ", which holds only "
                + account.getHeld());
        }
        account.setHeld(account.getHeld() - amount);
    }
}
