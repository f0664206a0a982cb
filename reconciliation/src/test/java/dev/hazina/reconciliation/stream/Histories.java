package dev.hazina.reconciliation.stream;

import dev.hazina.reconciliation.LedgerSimulator;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.TransferKind;

/** Small clean ledger histories written by {@link LedgerSimulator}, for the checks to read. */
final class Histories {

    private Histories() {
    }

    /** Three funded customers and an agent, then a few completed sagas across partitions. */
    static LedgerSimulator funded() {
        LedgerSimulator ledger = new LedgerSimulator();
        ledger.open("CUST-1", AccountType.CUSTOMER, 0, null)
            .open("CUST-2", AccountType.CUSTOMER, 0, null)
            .open("CUST-3", AccountType.CUSTOMER, 0, null)
            .open("AGENT-1", AccountType.AGENT, 0, null);
        ledger.issue("CUST-1", 500_000);
        ledger.issue("AGENT-1", 900_000);
        return ledger;
    }

    static LedgerSimulator withTransfers() {
        LedgerSimulator ledger = funded();
        ledger.transfer(TransferKind.P2P, "CUST-1", "CUST-2", 120_000);
        ledger.transfer(TransferKind.CASH_IN, "AGENT-1", "CUST-3", 300_000);
        ledger.transfer(TransferKind.CASH_OUT, "CUST-3", "AGENT-1", 100_000);
        ledger.transfer(TransferKind.P2P, "CUST-2", "CUST-1", 20_000);
        return ledger;
    }
}
