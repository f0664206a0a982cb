package dev.hazina.fraud;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCaseEvent;

/**
 * The fraud stream's meters, for the analyst's and the operator's dashboards:
 * {@code hazina_fraud_alerts_total} by typology and whether it interdicted,
 * {@code hazina_fraud_verdicts_total} by what the verdict blocks, and
 * {@code hazina_fraud_case_transitions_total} by the state a case moved to. They reach the
 * processors through the Streams configs, as the ledger's meters do.
 */
public final class FraudMeters {

    /** The Streams config key that carries the meters; not a {@code hazina.*} key, so config parsing skips it. */
    static final String CONFIG = "meters.hazina.fraud";
    private static final FraudMeters NONE = new FraudMeters(new CompositeMeterRegistry());

    private final MeterRegistry registry;

    public FraudMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void alert(FraudAlert alert) {
        Counter.builder("hazina.fraud.alerts").description("Fraud alerts raised, by typology and interdiction")
            .tag("typology", alert.getTypology()).tag("interdicted", Boolean.toString(alert.getInterdicted()))
            .register(registry).increment();
    }

    void verdict(AccountRisk risk) {
        String blocks = risk.getBlockDebits() && risk.getBlockCredits() ? "both"
            : risk.getBlockDebits() ? "debits" : risk.getBlockCredits() ? "credits" : "none";
        Counter.builder("hazina.fraud.verdicts").description("Risk verdicts sent to the ledger, by what they block")
            .tag("blocks", blocks).register(registry).increment();
    }

    void caseEvent(FraudCaseEvent event) {
        Counter.builder("hazina.fraud.case.transitions").description("Fraud case transitions, by the state reached")
            .tag("to", event.getTo().name()).register(registry).increment();
    }

    /** The meters in a processor's app configs, or ones that count nowhere when the stream runs without them. */
    static FraudMeters from(Map<String, Object> appConfigs) {
        return appConfigs.get(CONFIG) instanceof FraudMeters meters ? meters : NONE;
    }
}
