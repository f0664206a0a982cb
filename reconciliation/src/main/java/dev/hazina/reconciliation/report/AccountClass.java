package dev.hazina.reconciliation.report;

/**
 * The classes of account the daily report breaks the e-money liability into, told from the account
 * id: the ledger names its system shards {@code SYS.<NAME>.<currency>.<partition>}; every other
 * account is a wallet (customer, agent, merchant or business: the entries do not carry the type).
 * The issuance shards are the other side of the liability, not part of it.
 */
enum AccountClass {
    WALLETS, FEES, TRANSIT, SUSPENSE, OTHER_SYSTEM, ISSUANCE;

    static AccountClass of(String accountId) {
        if (!accountId.startsWith("SYS.")) {
            return WALLETS;
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
}
