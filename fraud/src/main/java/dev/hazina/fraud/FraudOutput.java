package dev.hazina.fraud;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCaseEvent;

/** Sends the fraud stream's outputs to their sinks, each keyed by account id, and counts them ({@link FraudMeters}). */
final class FraudOutput {

    private final ProcessorContext<String, SpecificRecord> context;
    private final FraudMeters meters;

    FraudOutput(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.meters = FraudMeters.from(context.appConfigs());
    }

    void alert(Record<?, ?> cause, FraudAlert alert) {
        meters.alert(alert);
        forward(cause, alert.getAccountId(), alert, FraudTopology.ALERTS_SINK);
    }

    void risk(Record<?, ?> cause, AccountRisk risk) {
        meters.verdict(risk);
        forward(cause, risk.getAccountId(), risk, FraudTopology.RISK_SINK);
    }

    void caseEvent(Record<?, ?> cause, FraudCaseEvent event) {
        meters.caseEvent(event);
        forward(cause, event.getAccountId(), event, FraudTopology.CASE_EVENTS_SINK);
    }

    void accountCommand(Record<?, ?> cause, AccountCommand command) {
        forward(cause, command.getAccountId(), command, FraudTopology.ACCOUNT_COMMANDS_SINK);
    }

    private void forward(Record<?, ?> cause, String key, SpecificRecord value, String sink) {
        context.forward(new Record<String, SpecificRecord>(key, value, cause.timestamp(), cause.headers()), sink);
    }
}
