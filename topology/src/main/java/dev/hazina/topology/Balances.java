package dev.hazina.topology;

import java.time.Instant;
import java.time.ZoneId;

import dev.hazina.schemas.AccountState;

/** The ledger's own arithmetic on an account, for those who read its stores: the balance queries. */
public final class Balances {

    private Balances() {
    }

    /** What the account may spend now: balance - held + overdraft limit. */
    public static long available(AccountState account) {
        return AccountBook.available(account);
    }

    /** How much of the overdraft line is drawn: zero for an account in credit. */
    public static long overdraftUsed(AccountState account) {
        return Math.max(0, -account.getBalance());
    }

    /** What the account has debited on the business day of {@code now}, as the daily limit counts it. */
    public static long debitedToday(AccountState account, ZoneId zone, Instant now) {
        int today = (int) now.atZone(zone).toLocalDate().toEpochDay();
        return AccountBook.debitedOn(account, today);
    }
}
