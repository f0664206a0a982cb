package dev.hazina.fraud;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.fraud.rules.Evidence;
import dev.hazina.fraud.rules.Rules;
import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.Activity;
import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TransferKind;
import dev.hazina.topology.RecordGuard;

/** What the fraud stream's processors in one task share: outputs, routing guard, profiles, cases, rules. */
final class FraudTask {

    final ProcessorContext<String, SpecificRecord> context;
    final RecordGuard guard;
    final Profiles profiles;
    final Verdicts verdicts;
    private final Rules rules;

    FraudTask(ProcessorContext<String, SpecificRecord> context, FraudConfig config) {
        this.context = context;
        this.guard = new RecordGuard(context, config.ledger().partitions(), null);
        this.profiles = new Profiles(context.getStateStore(FraudStores.PROFILES), config.rules());
        this.verdicts = new Verdicts(config, context.getStateStore(FraudStores.CASES),
            context.getStateStore(FraudStores.CASE_EXPIRY), new FraudOutput(context));
        this.rules = new Rules(config.rules());
    }

    /**
     * Scores {@code activity} on {@code accountId}: every rule reads the profile as it stood before it,
     * then the profile remembers it, then the typologies weigh the bands.
     */
    void score(Record<?, ?> cause, String accountId, Activity activity) {
        AccountProfile before = profiles.find(accountId);
        List<RuleBand> bands = rules.evaluate(new Evidence(before, activity));
        AccountProfile after = activity.getKind() == TransferKind.REVERSAL
            ? profiles.reversed(before, activity) : profiles.posted(before, activity);
        profiles.save(after);
        verdicts.scored(cause, after, bands, activity.getTransferId(), activity.getAt());
    }
}
