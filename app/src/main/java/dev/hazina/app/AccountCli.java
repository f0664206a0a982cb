package dev.hazina.app;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.hazina.app.ChannelProducer;
import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** {@code hazina account ACTION ID}: sends one account command and prints the ledger's answer. */
@Command(name = "account", mixinStandardHelpOptions = true,
    description = {"Sends one account command and prints the answer from hazina.account-events. Amounts are minor units.",
        "Example: hazina account open alice --type CUSTOMER --currency KES --daily-max 50000000"})
final class AccountCli implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "OPEN, UPDATE_LIMITS, FREEZE, UNFREEZE or CLOSE.")
    AccountAction action;

    @Parameters(index = "1", description = "The account id.")
    String accountId;

    @Option(names = "--type", description = "For OPEN: CUSTOMER, AGENT, MERCHANT or BUSINESS.")
    AccountType type;

    @Option(names = "--currency", defaultValue = "KES", description = "For OPEN (default ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--per-transfer-max", description = "Largest single debit, minor units.")
    Long perTransferMax;

    @Option(names = "--daily-max", description = "Largest total of debits per day, minor units.")
    Long dailyMax;

    @Option(names = "--max-balance", description = "Largest balance, minor units.")
    Long maxBalance;

    @Option(names = "--overdraft", defaultValue = "0", description = "Overdraft limit, minor units (default ${DEFAULT-VALUE}).")
    long overdraft;

    @Option(names = "--funding-account", paramLabel = "ID",
        description = "For OPEN and UPDATE_LIMITS: an account that tops this one up automatically.")
    String fundingAccount;

    @Option(names = "--note", description = "Kept with the answer, e.g. why an account is frozen.")
    String note;

    @Option(names = "--timeout", defaultValue = "PT30S", description = "How long to wait for the answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        LedgerConfig ledger = config.load();
        AccountCommand command = AccountCommand.newBuilder()
            .setCommandId("cli-" + UUID.randomUUID())
            .setAccountId(accountId)
            .setAction(action)
            .setType(type)
            .setCurrency(action == AccountAction.OPEN ? currency : null)
            .setLimits(action == AccountAction.OPEN || action == AccountAction.UPDATE_LIMITS
                ? AccountLimits.newBuilder().setPerTransferMax(perTransferMax).setDailyDebitMax(dailyMax)
                    .setMaxBalance(maxBalance).setOverdraftLimit(overdraft).build()
                : null)
            .setFundingAccount(fundingAccount)
            .setNote(note)
            .setIssuedAt(System.currentTimeMillis())
            .build();
        try (Answers<AccountEvent> answers = new Answers<>(ledger.bootstrapServers(),
                ledger.topicName(TopicName.ACCOUNT_EVENTS),
                AvroSerde.forValues(AccountEvent.class, ledger.serdeConfig()).deserializer());
             ChannelProducer producer = new ChannelProducer(ledger)) {
            producer.send(command);
            producer.flush();
            AccountEvent answer = answers.await(e -> e.getCommandId().equals(command.getCommandId()), timeout);
            if (answer == null) {
                spec.commandLine().getErr().println("No answer within " + timeout + ": is the ledger running?");
                return 1;
            }
            spec.commandLine().getOut().println(answer);
            return answer.getAccepted() ? 0 : 1;
        }
    }
}
