package dev.hazina.topology;

import java.time.Instant;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.ReasonCode;

/**
 * The fraud stream's verdicts, enforced at decision time from the local risk store, so a clean
 * transfer takes no extra hop. Each check returns null when it passes.
 *
 * <p>A debit cap after a SIM swap is judged against the request's received time, not the wall
 * clock, so a replay of the same requests decides the same way.
 */
final class RiskChecks {

    private final KeyValueStore<String, AccountRisk> store;

    RiskChecks(KeyValueStore<String, AccountRisk> store) {
        this.store = store;
    }

    /** The payer is not blocked, and {@code amount} is within any cap a recent SIM swap put on it. */
    Rejection canDebit(String payer, long amount, long receivedAt) {
        AccountRisk risk = store.get(payer);
        if (risk == null) {
            return null;
        }
        if (risk.getBlockDebits()) {
            return new Rejection(ReasonCode.FRAUD_BLOCKED, "payer " + payer + " is blocked" + because(risk));
        }
        Long cap = risk.getDebitCap();
        if (cap != null && receivedAt < risk.getCapUntil() && amount > cap) {
            return new Rejection(ReasonCode.FRAUD_BLOCKED, "debits above " + cap + " are held until "
                + Instant.ofEpochMilli(risk.getCapUntil()) + because(risk));
        }
        return null;
    }

    /** The payee may receive: a blocked mule's credit leg refuses, and the saga refunds the payer. */
    Rejection canCredit(String payee) {
        AccountRisk risk = store.get(payee);
        if (risk != null && risk.getBlockCredits()) {
            return new Rejection(ReasonCode.FRAUD_BLOCKED, "payee " + payee + " is blocked" + because(risk));
        }
        return null;
    }

    private static String because(AccountRisk risk) {
        String caseId = risk.getCaseId() == null ? "" : " (case " + risk.getCaseId() + ")";
        return risk.getReason() == null ? caseId : ": " + risk.getReason() + caseId;
    }
}
