package dev.hazina.harness.traffic;

import java.util.ArrayList;
import java.util.List;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/**
 * Opens a population with realistic limits (in KES cents, after M-PESA's published customer
 * limits) and funds it the way money really enters: e-money is issued to agents and businesses,
 * and agents cash customers in. {@link #creditLines} then gives some customers an overdraft
 * credit line and some a funding account that tops them up.
 */
public final class AccountSetup {

    public static final String CURRENCY = "KES";
    /** Customers: 250,000 KES per transfer, 500,000 KES a day, 500,000 KES balance. */
    static final AccountLimits CUSTOMER_LIMITS = AccountLimits.newBuilder()
        .setPerTransferMax(25_000_000L).setDailyDebitMax(50_000_000L).setMaxBalance(50_000_000L).build();
    static final AccountLimits UNLIMITED = AccountLimits.newBuilder().build();
    /** Float issued to each agent and business. */
    static final long FLOAT = 2_000_000_000L;
    /** What each customer is cashed in with. */
    static final long CUSTOMER_FUNDING = 2_000_000L;
    /** The credit line every fifth customer gets: 1,000 KES. */
    static final long OVERDRAFT = 100_000L;

    private AccountSetup() {
    }

    public static List<AccountCommand> openAll(Population population, long now) {
        List<AccountCommand> commands = new ArrayList<>();
        population.customers().forEach(id -> commands.add(open(id, AccountType.CUSTOMER, CUSTOMER_LIMITS, now)));
        population.agents().forEach(id -> commands.add(open(id, AccountType.AGENT, UNLIMITED, now)));
        population.merchants().forEach(id -> commands.add(open(id, AccountType.MERCHANT, UNLIMITED, now)));
        population.businesses().forEach(id -> commands.add(open(id, AccountType.BUSINESS, UNLIMITED, now)));
        return commands;
    }

    /** OPEN commands for customers that get no funding at setup (they hold only what is paid to them). */
    public static List<AccountCommand> openCustomers(List<String> customers, long now) {
        return customers.stream().map(id -> open(id, AccountType.CUSTOMER, CUSTOMER_LIMITS, now)).toList();
    }

    /** ISSUE requests for every agent and business. */
    public static List<TransferRequest> issueFloat(Population population, long now) {
        List<TransferRequest> requests = new ArrayList<>();
        List<String> holders = new ArrayList<>(population.agents());
        holders.addAll(population.businesses());
        for (String holder : holders) {
            requests.add(request("setup-issue-" + holder, Channel.ADMIN, TransferKind.ISSUE, "SYS.ISSUANCE", holder,
                FLOAT, now));
        }
        return requests;
    }

    /** One CASH_IN per customer, from the agents in turn. */
    public static List<TransferRequest> cashIn(Population population, long now) {
        List<TransferRequest> requests = new ArrayList<>();
        List<String> agents = population.agents();
        for (int i = 0; i < population.customers().size(); i++) {
            String customer = population.customers().get(i);
            requests.add(request("setup-cashin-" + customer, Channel.AGENT_TERMINAL, TransferKind.CASH_IN,
                agents.get(i % agents.size()), customer, CUSTOMER_FUNDING, now));
        }
        return requests;
    }

    /**
     * UPDATE_LIMITS commands that give every fifth customer (from the second) a credit line of
     * {@link #OVERDRAFT}, every tenth (from the first, the busiest under Zipf) a business as its
     * funding account, and every 25th (from the fourth) the next customer as its funding account,
     * which may well be unable to pay (TOPUP_FAILED).
     */
    public static List<AccountCommand> creditLines(Population population, long now) {
        List<AccountCommand> commands = new ArrayList<>();
        List<String> customers = population.customers();
        List<String> businesses = population.businesses();
        for (int i = 0; i < customers.size(); i++) {
            boolean overdraft = i % 5 == 1;
            String funder = i % 10 == 0 ? businesses.get((i / 10) % businesses.size())
                : i % 25 == 3 ? customers.get((i + 1) % customers.size()) : null;
            if (overdraft || funder != null) {
                AccountLimits limits = AccountLimits.newBuilder(CUSTOMER_LIMITS)
                    .setOverdraftLimit(overdraft ? OVERDRAFT : 0).build();
                commands.add(AccountCommand.newBuilder()
                    .setCommandId("credit-line-" + customers.get(i))
                    .setAccountId(customers.get(i))
                    .setAction(AccountAction.UPDATE_LIMITS)
                    .setLimits(limits)
                    .setFundingAccount(funder)
                    .setIssuedAt(now)
                    .build());
            }
        }
        return commands;
    }

    static AccountCommand open(String id, AccountType type, AccountLimits limits, long now) {
        return AccountCommand.newBuilder()
            .setCommandId("open-" + id)
            .setAccountId(id)
            .setAction(AccountAction.OPEN)
            .setType(type)
            .setCurrency(CURRENCY)
            .setLimits(limits)
            .setIssuedAt(now)
            .build();
    }

    static TransferRequest request(String requestId, Channel channel, TransferKind kind, String payer, String payee,
                                   long amount, long now) {
        return TransferRequest.newBuilder()
            .setRequestId(requestId)
            .setChannel(channel)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency(CURRENCY)
            .setRequestedAt(now)
            .build();
    }
}
