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

    static void addDailyDebit(AccountState account, int day, long amount) {
        long total = Math.max(0, debitedOn(account, day) + amount);
        account.setDailyDebitDay(day);
        account.setDailyDebitTotal(total);
    }

    /** Funds the account can spend: balance - held + overdraftLimit, saturating instead of overflowing. */
    static long available(AccountState account) {
        long spendable = account.getBalance() - account.getHeld();
        long overdraft = account.getLimits().getOverdraftLimit();
        return spendable > Long.MAX_VALUE - overdraft ? Long.MAX_VALUE : spendable + overdraft;
    }
}
