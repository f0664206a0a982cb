package dev.hazina.harness.traffic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/**
 * Labelled fraud scenarios for the load generator: each a small deterministic sequence of requests
 * (and, for a SIM-swap takeover, a telco signal) between accounts of its own, spaced in time so
 * that a cross-partition credit lands before the next step. The scenario accounts are extra
 * accounts opened beside a population, with ordinary ids continuing its numbering, so clean traffic
 * never touches them. <b>The labels live only here</b>: requestIds, event ids, channels and
 * metadata are what the clean generator would send, so the fraud stream cannot tell them apart.
 * Deterministic for a seed. Dormant wake-up is left out: it needs 90 days of idle business time.
 */
public final class FraudScenarios {

    /** The scenario kinds, in the order {@link #plan} deals them out. */
    public enum Typology {
        SIM_SWAP_TAKEOVER("sim-swap takeover"),
        MULE_RING("mule ring fan-in"),
        VELOCITY_BURST("velocity burst"),
        AGENT_STRUCTURING("agent split deposits"),
        REVERSAL_ABUSE("reversal abuse");

        private final String label;

        Typology(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One step, due {@code offsetMs} after its scenario starts: a transfer or a telco signal.
     * {@code atStake} marks the fraud money: what the victim loses, or what leaves the system.
     */
    public record Step(long offsetMs, TrafficRecord transfer, TelcoEvent telco, boolean atStake) {

        public long amount() {
            return transfer == null ? 0 : transfer.request().getAmount();
        }
    }

    public record Scenario(int number, Typology typology, Set<String> accounts, List<Step> steps) {
    }

    /**
     * The scenarios, and the accounts to open for them: {@code funded} is set up as a population
     * is (agents get float, customers are cashed in), {@code unfunded} customers are only opened
     * (mules and receivers hold only what the scenario sends them, so the money passes through).
     */
    public record Plan(List<Scenario> scenarios, Population funded, List<String> unfunded) {

        public int accounts() {
            return funded.size() + unfunded.size();
        }
    }

    static final long STEP_MS = 1_500;
    static final int RING_PAYERS = 12;
    static final int BURST_DEBITS = 15;
    static final int BURST_PAYEES = 3;
    static final int SPLIT_DEPOSITS = 4;
    /** A drain under the SIM-swap debit cap (10,000 KES) but above the rule's large amount (5,000 KES). */
    static final long DRAIN_MIN = 800_000;
    static final long DRAIN_MAX = 950_000;
    /** The reporting threshold the split deposits stay just under. */
    static final long SPLIT_THRESHOLD = 1_000_000;
    static final int CASH_OUT_SHARE_PERCENT = 95;

    private final UniformRandomProvider random;
    private final String runId;
    private final List<String> funded = new ArrayList<>();
    private final List<String> unfunded = new ArrayList<>();
    private final List<String> agents = new ArrayList<>();
    private int nextCustomer;
    private int nextAgent;
    private long sequence;

    private FraudScenarios(Population population, long seed, String runId) {
        this.random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.runId = runId;
        this.nextCustomer = population.customers().size();
        this.nextAgent = population.agents().size();
    }

    /** {@code count} scenarios, the kinds in turn, with accounts numbered on from {@code population}'s. */
    public static Plan plan(Population population, int count, long seed, String runId) {
        FraudScenarios scenarios = new FraudScenarios(population, seed, runId);
        List<Scenario> planned = new ArrayList<>(count);
        Typology[] kinds = Typology.values();
        for (int i = 0; i < count; i++) {
            planned.add(scenarios.build(i + 1, kinds[i % kinds.length]));
        }
        return new Plan(List.copyOf(planned), new Population(List.copyOf(scenarios.funded), List.copyOf(scenarios.agents),
            List.of(), List.of()), List.copyOf(scenarios.unfunded));
    }

    private Scenario build(int number, Typology typology) {
        List<Step> steps = switch (typology) {
            case SIM_SWAP_TAKEOVER -> simSwapTakeover();
            case MULE_RING -> muleRing();
            case VELOCITY_BURST -> velocityBurst();
            case AGENT_STRUCTURING -> agentStructuring();
            case REVERSAL_ABUSE -> reversalAbuse();
        };
        Set<String> accounts = new LinkedHashSet<>();
        for (Step step : steps) {
            if (step.telco() != null) {
                accounts.add(step.telco().getAccountId());
            } else {
                accounts.add(step.transfer().request().getPayer());
                accounts.add(step.transfer().request().getPayee());
            }
        }
        return new Scenario(number, typology, Set.copyOf(accounts), List.copyOf(steps));
    }

    /** SIM swap, two drains to a mule under the SIM-swap cap, the mule cashes out. */
    private List<Step> simSwapTakeover() {
        String victim = customer(true);
        String mule = customer(false);
        String agent = agent();
        long first = between(DRAIN_MIN, DRAIN_MAX);
        long second = between(DRAIN_MIN, DRAIN_MAX);
        TelcoEvent swap = TelcoEvent.newBuilder().setEventId(nextId()).setAccountId(victim)
            .setType(TelcoEventType.SIM_SWAP).setOccurredAt(0).build();
        return List.of(
            new Step(0, null, swap, false),
            transfer(2_000, Channel.USSD, TransferKind.P2P, victim, mule, first, true),
            transfer(2_000 + STEP_MS, Channel.USSD, TransferKind.P2P, victim, mule, second, true),
            transfer(2_000 + 2 * STEP_MS, Channel.AGENT_TERMINAL, TransferKind.CASH_OUT, mule, agent,
                share(first + second), false));
    }

    /** Distinct payers each pay one account, which cashes out nearly all of it. */
    private List<Step> muleRing() {
        String mule = customer(false);
        String agent = agent();
        List<Step> steps = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < RING_PAYERS; i++) {
            long amount = between(100_000, 300_000);
            total += amount;
            steps.add(transfer(i * STEP_MS, Channel.USSD, TransferKind.P2P, customer(true), mule, amount, false));
        }
        steps.add(transfer(RING_PAYERS * STEP_MS, Channel.AGENT_TERMINAL, TransferKind.CASH_OUT, mule, agent,
            share(total), true));
        return steps;
    }

    /** Many debits within a minute to a few payees. */
    private List<Step> velocityBurst() {
        String payer = customer(true);
        List<String> payees = new ArrayList<>();
        for (int i = 0; i < BURST_PAYEES; i++) {
            payees.add(customer(false));
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < BURST_DEBITS; i++) {
            steps.add(transfer(i * 1_000L, Channel.USSD, TransferKind.P2P, payer, payees.get(i % BURST_PAYEES),
                between(20_000, 100_000), true));
        }
        return steps;
    }

    /** One agent's cash-ins to one customer, each within 10 % under the reporting threshold, minutes apart at most. */
    private List<Step> agentStructuring() {
        String agent = agent();
        String customer = customer(false);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < SPLIT_DEPOSITS; i++) {
            steps.add(transfer(i * STEP_MS, Channel.AGENT_TERMINAL, TransferKind.CASH_IN, agent, customer,
                between(SPLIT_THRESHOLD * 9 / 10, SPLIT_THRESHOLD - 1), true));
        }
        return steps;
    }

    /** A customer pays an accomplice, who cashes it out; then the customer has the payment reversed. */
    private List<Step> reversalAbuse() {
        String payer = customer(true);
        String accomplice = customer(false);
        String agent = agent();
        long amount = between(300_000, 800_000);
        Step payment = transfer(0, Channel.USSD, TransferKind.P2P, payer, accomplice, amount, false);
        TransferRequest original = payment.transfer().request();
        TransferRequest reversal = TransferRequest.newBuilder(AccountSetup.request(nextId(), Channel.ADMIN,
            TransferKind.REVERSAL, accomplice, payer, amount, 0)).setReference(original.getRequestId()).build();
        return List.of(payment,
            transfer(STEP_MS, Channel.AGENT_TERMINAL, TransferKind.CASH_OUT, accomplice, agent, share(amount), false),
            new Step(2 * STEP_MS, TrafficRecord.of(reversal, TrafficRecord.Type.REQUEST), null, true));
    }

    private Step transfer(long offsetMs, Channel channel, TransferKind kind, String payer, String payee, long amount,
                          boolean atStake) {
        TransferRequest request = AccountSetup.request(nextId(), channel, kind, payer, payee, amount, 0);
        return new Step(offsetMs, TrafficRecord.of(request, TrafficRecord.Type.REQUEST), null, atStake);
    }

    /** The next customer id after the population's; {@code funded} ones are cashed in at setup. */
    private String customer(boolean fund) {
        String id = String.format("cust-%06d", ++nextCustomer);
        (fund ? funded : unfunded).add(id);
        return id;
    }

    private String agent() {
        String id = String.format("agent-%06d", ++nextAgent);
        agents.add(id);
        return id;
    }

    /** The id the clean generator would give its next request: the run's id and a sequence number. */
    private String nextId() {
        return runId + "-" + (++sequence);
    }

    private long between(long min, long max) {
        return min + random.nextLong(max - min + 1);
    }

    private static long share(long amount) {
        return amount * CASH_OUT_SHARE_PERCENT / 100;
    }
}
