package dev.hazina.reconciliation.report;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** One trust bank account's figures for one day, as its latest valid statement gave them (minor units). */
record TrustLine(String bankAccount, long balance, long depositsInTransit, long outstandingWithdrawals) {

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(bankAccount);
        out.writeLong(balance);
        out.writeLong(depositsInTransit);
        out.writeLong(outstandingWithdrawals);
    }

    static TrustLine read(DataInputStream in) throws IOException {
        return new TrustLine(in.readUTF(), in.readLong(), in.readLong(), in.readLong());
    }
}
