package dev.hazina.reconciliation.report;

import dev.hazina.schemas.LedgerEntry;

/**
 * The classes of account the daily report breaks the e-money liability into. The ledger names its
 * system shards {@code SYS.<NAME>.<currency>.<partition>}; every other account is a wallet, told by
 * the type its entries carry. {@link #WALLETS} holds wallets whose entries carry no type (written by
 * a ledger before 0.2). The issuance shards are the other side of the liability, not part of it.
 */
enum AccountClass {
    CUSTOMERS, AGENTS, MERCHANTS, BUSINESSES, WALLETS, FEES, TRANSIT, SUSPENSE, OTHER_SYSTEM, ISSUANCE;

    static AccountClass of(LedgerEntry entry) {
        String accountId = entry.getAccountId();
        if (!accountId.startsWith("SYS.")) {
            return wallet(entry);
        } else if (accountId.startsWith("SYS.ISSUANCE.")) {
            return ISSUANCE;
        } else if (accountId.startsWith("SYS.FEES.")) {
            return FEES;
        } else if (accountId.startsWith("SYS.TRANSIT.")) {
            return TRANSIT;
        } else if (accountId.startsWith("SYS.SUSPENSE")) {
            return SUSPENSE;
        }
        return OTHER_SYSTEM;
    }

    private static AccountClass wallet(LedgerEntry entry) {
        if (entry.getAccountType() == null) {
            return WALLETS;
        }
        return switch (entry.getAccountType()) {
            case CUSTOMER -> CUSTOMERS;
            case AGENT -> AGENTS;
            case MERCHANT -> MERCHANTS;
            case BUSINESS -> BUSINESSES;
            case SYSTEM -> OTHER_SYSTEM;
        };
    }

    /** True for a class every report lists; the untyped wallets are listed only while they hold money. */
    boolean alwaysListed() {
        return this != WALLETS;
    }
}
