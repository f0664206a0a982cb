package dev.hazina.fraud;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.CaseStatus;
import dev.hazina.schemas.FraudCase;
import dev.hazina.schemas.FraudCaseCommand;
import dev.hazina.topology.DeadLetterException;

/**
 * An operator's decision on an account's case.
 * <ul>
 *   <li>CONFIRM: the case becomes CONFIRMED and keeps the account blocked with no expiry; with
 *       {@code freeze}, a FREEZE goes to the ledger's {@code hazina.account-commands}.</li>
 *   <li>CLEAR: the case becomes CLEARED, every block and any SIM-swap debit cap is lifted, the same
 *       typology stays quiet for the grace period, and an account the case froze gets an UNFREEZE.</li>
 * </ul>
 * Input: {@code hazina.fraud-case-commands}, keyed by account. A command on the wrong partition, for
 * another account than its key, or with no case to decide is dead-lettered with the reason. Outputs:
 * case events, risk verdicts, account commands. Stores: profiles, cases, case expiry.
 */
final class CaseCommandProcessor implements Processor<String, FraudCaseCommand, String, SpecificRecord> {

    private final FraudConfig config;
    private FraudTask task;
    private FraudOutput output;

    CaseCommandProcessor(FraudConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.task = new FraudTask(context, config);
        this.output = new FraudOutput(context);
    }

    @Override
    public void process(Record<String, FraudCaseCommand> record) {
        task.guard.checkRouting(record.key());
        FraudCaseCommand command = record.value();
        if (command == null || !record.key().equals(command.getAccountId())) {
            throw new DeadLetterException("KEY_MISMATCH", "a case command must be keyed by its accountId");
        }
        long now = record.timestamp();
        String accountId = command.getAccountId();
        FraudCase current = task.verdicts.find(accountId);
        AccountProfile profile = task.profiles.find(accountId);
        String reason = command.getAction() + " by " + command.getOperator()
            + (command.getNote() == null ? "" : ": " + command.getNote());
        switch (command.getAction()) {
            case CONFIRM -> confirm(record, command, current, profile, reason, now);
            case CLEAR -> clear(record, current, profile, reason, command.getOperator(), now);
            default -> throw new DeadLetterException("UNKNOWN_ACTION", "case action " + command.getAction());
        }
    }

    private void confirm(Record<?, ?> cause, FraudCaseCommand command, FraudCase current, AccountProfile profile,
                         String reason, long now) {
        if (Verdicts.rank(current) == 0) {
            throw new DeadLetterException("NO_OPEN_CASE", "account " + command.getAccountId() + " has no open case to confirm");
        }
        boolean freeze = command.getFreeze() && !current.getFrozen();
        FraudCase confirmed = FraudCase.newBuilder(current).setStatus(CaseStatus.CONFIRMED).setExpiresAt(0)
            .setFrozen(current.getFrozen() || freeze).build();
        task.verdicts.change(cause, current, confirmed, profile, 0, reason, command.getOperator(), now);
        if (freeze) {
            output.accountCommand(cause, Verdicts.freezeCommand(confirmed, AccountAction.FREEZE, reason, now));
        }
    }

    private void clear(Record<?, ?> cause, FraudCase current, AccountProfile profile, String reason, String operator,
                       long now) {
        boolean signalled = profile.getSimSwapAt() != null || profile.getDeviceChangeAt() != null;
        if (Verdicts.rank(current) == 0 && !signalled) {
            throw new DeadLetterException("NO_OPEN_CASE", "account " + profile.getAccountId() + " has nothing to clear");
        }
        // The operator verified the customer: the telco signals no longer count against them.
        AccountProfile verified = AccountProfile.newBuilder(profile).setSimSwapAt(null).setDeviceChangeAt(null).build();
        task.profiles.save(verified);
        FraudCase before = Verdicts.rank(current) > 0 ? current : null;
        FraudCase cleared = FraudCase.newBuilder(before != null ? before : signalCase(profile.getAccountId(), now))
            .setStatus(CaseStatus.CLEARED).setExpiresAt(now + config.clearedGraceMs()).setFrozen(false).build();
        if (!task.verdicts.change(cause, before, cleared, verified, 0, reason, operator, now)) {
            // Clearing lifts the SIM-swap cap too, which change() does not publish when no block moved.
            task.verdicts.publish(cause, profile.getAccountId(), cleared, verified, now);
        }
        if (before != null && before.getFrozen()) {
            output.accountCommand(cause, Verdicts.freezeCommand(cleared, AccountAction.UNFREEZE, reason, now));
        }
    }

    /** The case of an account with only a telco signal against it, for the audit trail of its clearing. */
    private static FraudCase signalCase(String accountId, long now) {
        return FraudCase.newBuilder().setCaseId(accountId + "@" + now).setAccountId(accountId).setTypology("telco-signal")
            .setTypologyKind(dev.hazina.schemas.TypologyKind.FRAUD).setStatus(CaseStatus.OPEN).setScore(0)
            .setOpenedAt(now).build();
    }
}
