package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.List;

import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * Reads the outputs back and checks them as a quiescent ledger's. A channel sees COMPLETED at the
 * saga's second hop while its CONFIRM leg is still on the way, so right after the last outcome a
 * check can find legs in flight. Those clear within a few commits; real violations do not. So this
 * checks again until the report is clean or the timeout passes, and returns the last report.
 */
public final class Quiescence {

    private Quiescence() {
    }

    public record Checked(LedgerOutputs outputs, CheckReport report) {
    }

    public static Checked awaitClean(LedgerConfig config, List<TransferRequest> requests, Duration timeout)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LedgerOutputs outputs = OutputTopics.read(config).withRequests(requests);
            CheckReport report = LedgerChecker.check(outputs, true);
            if (report.ok() || System.nanoTime() > deadline) {
                return new Checked(outputs, report);
            }
            Thread.sleep(500);
        }
    }
}
