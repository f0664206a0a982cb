package dev.hazina.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.ReasonCode;

/**
 * Opens accounts and changes their limits and status, on the account's partition.
 *
 * <p>Input: {@code hazina.account-commands}, keyed by account id. Output: one AccountEvent per
 * command on {@code hazina.account-events}, accepted or refused with a reason. Stores: accounts,
 * offsets. Commands never move money: lowering a limit (the overdraft limit included) below what is
 * used blocks new debits and leaves the balance alone. Closing requires a zero balance, nothing
 * held and no transfer it started still running (a refund or reversal credit could land on it), so
 * an account with a pending hold, a top-up or a saga in flight cannot be closed; freezing keeps
 * holds reserved (they cannot be captured while frozen, but may be voided or expire). A command
 * at or below the last offset processed is a replay and is skipped.
 */
final class AccountCommandProcessor implements Processor<String, AccountCommand, String, SpecificRecord> {

    private static final String INPUT = "commands";

    private final LedgerConfig config;
    private final LedgerMeters meters;
    private final RequestValidator ids;
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerOutput output;
    private RecordGuard guard;
    private AccountBook accounts;

    AccountCommandProcessor(LedgerConfig config, LedgerMeters meters) {
        this.config = config;
        this.meters = meters;
        this.ids = new RequestValidator(config);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        LedgerTask task = new LedgerTask(context, config, meters);
        this.context = context;
        this.output = task.output;
        this.guard = task.guard;
        this.accounts = task.accounts;
    }

    @Override
    public void process(Record<String, AccountCommand> record) {
        guard.checkRouting(record.key());
        AccountCommand command = record.value();
        if (command == null) {
            throw new DeadLetterException("NULL_VALUE", "an account command cannot be a tombstone");
        }
        if (!record.key().equals(command.getAccountId())) {
            throw new DeadLetterException("KEY_MISMATCH", "key '" + record.key() + "' is not the command's account '"
                + command.getAccountId() + "'");
        }
        if (guard.isReplay(INPUT)) {
            return;
        }
        long now = context.currentSystemTimeMs();
        AccountState account = accounts.find(command.getAccountId());
        Rejection refusal = switch (command.getAction()) {
            case OPEN -> open(command, account, now);
            case UPDATE_LIMITS -> updateLimits(command, account, now);
            case FREEZE -> setStatus(account, AccountStatus.FROZEN, now);
            case UNFREEZE -> setStatus(account, AccountStatus.ACTIVE, now);
            case CLOSE -> close(account, now);
        };
        AccountState after = accounts.find(command.getAccountId());
        output.accountEvent(record, AccountEvent.newBuilder()
            .setCommandId(command.getCommandId())
            .setAccountId(command.getAccountId())
            .setAction(command.getAction())
            .setAccepted(refusal == null)
            .setReason(refusal == null ? null : refusal.reason())
            .setDetail(refusal == null ? command.getNote() : refusal.detail())
            .setAccount(after)
            .setDecidedAt(now)
            .build());
        guard.markProcessed(INPUT);
    }

    private Rejection open(AccountCommand command, AccountState existing, long now) {
        if (existing != null) {
            return new Rejection(ReasonCode.ACCOUNT_EXISTS, "account " + command.getAccountId() + " already exists");
        }
        if (!ids.validId(command.getAccountId()) || SystemAccounts.isSystem(command.getAccountId())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "account ids are 1-" + config.idMaxLength()
                + " characters and may not start with " + SystemAccounts.PREFIX);
        }
        if (command.getType() == null || command.getType() == AccountType.SYSTEM) {
            return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE, "OPEN needs a type other than SYSTEM");
        }
        if (!RequestValidator.isCurrency(command.getCurrency())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "OPEN needs an ISO 4217 currency");
        }
        Rejection badLimits = checkLimits(command.getLimits());
        if (badLimits == null) {
            badLimits = checkFunder(command);
        }
        if (badLimits != null) {
            return badLimits;
        }
        accounts.save(AccountState.newBuilder()
            .setAccountId(command.getAccountId())
            .setType(command.getType())
            .setStatus(AccountStatus.ACTIVE)
            .setCurrency(command.getCurrency())
            .setBalance(0)
            .setLimits(command.getLimits() == null ? AccountLimits.newBuilder().build() : command.getLimits())
            .setSequence(0)
            .setFundingAccount(command.getFundingAccount())
            .setOpenedAt(now)
            .setUpdatedAt(now)
            .build());
        return null;
    }

    private Rejection updateLimits(AccountCommand command, AccountState account, long now) {
        Rejection unusable = mustBeOpen(account);
        if (unusable != null) {
            return unusable;
        }
        if (command.getLimits() == null) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "UPDATE_LIMITS needs limits");
        }
        Rejection badLimits = checkLimits(command.getLimits());
        if (badLimits == null) {
            badLimits = checkFunder(command);
        }
        if (badLimits != null) {
            return badLimits;
        }
        // Lowering a limit below current use blocks new debits; it never moves money.
        account.setLimits(command.getLimits());
        account.setFundingAccount(command.getFundingAccount());
        account.setUpdatedAt(now);
        accounts.save(account);
        return null;
    }

    private Rejection setStatus(AccountState account, AccountStatus status, long now) {
        Rejection unusable = mustBeOpen(account);
        if (unusable != null) {
            return unusable;
        }
        account.setStatus(status);
        account.setUpdatedAt(now);
        accounts.save(account);
        return null;
    }

    private Rejection close(AccountState account, long now) {
        Rejection unusable = mustBeOpen(account);
        if (unusable != null) {
            return unusable;
        }
        if (account.getBalance() != 0 || account.getHeld() != 0) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_EMPTY, "balance " + account.getBalance() + " and held "
                + account.getHeld() + " must both be zero to close");
        }
        if (account.getInFlight() > 0) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_EMPTY, account.getInFlight() + " transfers it started are "
                + "still running and may return money to it; close it once they finish");
        }
        return setStatus(account, AccountStatus.CLOSED, now);
    }

    private static Rejection mustBeOpen(AccountState account) {
        if (account == null) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, "no such account");
        }
        if (account.getStatus() == AccountStatus.CLOSED) {
            return new Rejection(ReasonCode.ACCOUNT_CLOSED, "account is closed");
        }
        return null;
    }

    /** A funding account is another customer-side account (its existence is checked when a top-up asks it). */
    private Rejection checkFunder(AccountCommand command) {
        String funder = command.getFundingAccount();
        if (funder == null) {
            return null;
        }
        if (!ids.validId(funder) || SystemAccounts.isSystem(funder) || funder.equals(command.getAccountId())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "the funding account must be another account's id, not "
                + funder);
        }
        return null;
    }

    private static Rejection checkLimits(AccountLimits limits) {
        if (limits == null) {
            return null;
        }
        boolean outOfRange = !limitInRange(limits.getOverdraftLimit()) || !limitInRange(limits.getPerTransferMax())
            || !limitInRange(limits.getDailyDebitMax()) || !limitInRange(limits.getMaxBalance());
        return outOfRange
            ? new Rejection(ReasonCode.INVALID_REQUEST, "limits must be 0 to " + Amounts.MAX + " minor units")
            : null;
    }

    private static boolean limitInRange(Long limit) {
        return limit == null || (limit >= 0 && limit <= Amounts.MAX);
    }
}
