package dev.hazina.harness.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerTopics;

class FraudScenariosTest {

    private static final Population POPULATION = Population.of(200);
    private static final Pattern ACCOUNT = Pattern.compile("(cust|agent)-\\d{6}");
    private static final Pattern REQUEST_ID = Pattern.compile("demo-1a2b3c4d-\\d+");

    @Test
    void shouldPlanTheSameScenariosForTheSameSeed() {
        // When
        FraudScenarios.Plan first = FraudScenarios.plan(POPULATION, 10, 7, "demo-1a2b3c4d");
        FraudScenarios.Plan again = FraudScenarios.plan(POPULATION, 10, 7, "demo-1a2b3c4d");
        FraudScenarios.Plan other = FraudScenarios.plan(POPULATION, 10, 8, "demo-1a2b3c4d");

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(amounts(other)).isNotEqualTo(amounts(first));
        assertThat(first.scenarios()).extracting(FraudScenarios.Scenario::typology).containsExactly(
            FraudScenarios.Typology.SIM_SWAP_TAKEOVER, FraudScenarios.Typology.MULE_RING,
            FraudScenarios.Typology.VELOCITY_BURST, FraudScenarios.Typology.AGENT_STRUCTURING,
            FraudScenarios.Typology.REVERSAL_ABUSE, FraudScenarios.Typology.SIM_SWAP_TAKEOVER,
            FraudScenarios.Typology.MULE_RING, FraudScenarios.Typology.VELOCITY_BURST,
            FraudScenarios.Typology.AGENT_STRUCTURING, FraudScenarios.Typology.REVERSAL_ABUSE);
    }

    @Test
    void shouldKeepTheLabelsOutOfEveryRecord() {
        // Given
        FraudScenarios.Plan plan = FraudScenarios.plan(POPULATION, 25, 42, "demo-1a2b3c4d");

        // Then: ids, keys, channels and metadata are what the clean generator sends
        for (FraudScenarios.Step step : steps(plan)) {
            if (step.telco() != null) {
                TelcoEvent event = step.telco();
                assertThat(event.getAccountId()).matches(ACCOUNT);
                assertThat(event.getEventId()).matches(REQUEST_ID);
                continue;
            }
            TrafficRecord record = step.transfer();
            TransferRequest request = record.request();
            assertThat(record.type()).isEqualTo(TrafficRecord.Type.REQUEST);
            assertThat(record.key()).isEqualTo(LedgerTopics.requestKey(request));
            assertThat(request.getRequestId()).matches(REQUEST_ID);
            assertThat(request.getPayer()).matches(ACCOUNT);
            assertThat(request.getPayee()).matches(ACCOUNT);
            assertThat(request.getMetadata() == null || request.getMetadata().isEmpty()).isTrue();
            assertThat(request.getChannel()).isEqualTo(switch (request.getKind()) {
                case P2P -> Channel.USSD;
                case CASH_IN, CASH_OUT -> Channel.AGENT_TERMINAL;
                case REVERSAL -> Channel.ADMIN;
                default -> throw new AssertionError("unexpected kind " + request.getKind());
            });
            String text = request.toString().toLowerCase();
            for (String label : List.of("mule", "victim", "fraud", "scenario", "swap", "ring", "burst", "struct", "abuse")) {
                assertThat(text).doesNotContain(label);
            }
        }
    }

    @Test
    void shouldOpenAccountsOfItsOwnNumberedOnFromThePopulation() {
        // When
        FraudScenarios.Plan plan = FraudScenarios.plan(POPULATION, 10, 42, "demo-1a2b3c4d");

        // Then
        Set<String> all = new HashSet<>(plan.funded().customers());
        all.addAll(plan.funded().agents());
        all.addAll(plan.unfunded());
        assertThat(all).hasSize(plan.accounts()).doesNotContainAnyElementsOf(POPULATION.customers())
            .doesNotContainAnyElementsOf(POPULATION.agents());
        assertThat(plan.funded().customers().get(0))
            .isEqualTo(String.format("cust-%06d", POPULATION.customers().size() + 1));
        assertThat(plan.funded().agents().get(0)).isEqualTo(String.format("agent-%06d", POPULATION.agents().size() + 1));
        Set<String> owned = new HashSet<>();
        for (FraudScenarios.Scenario scenario : plan.scenarios()) {
            assertThat(all).containsAll(scenario.accounts());
            assertThat(owned).doesNotContainAnyElementsOf(scenario.accounts());
            owned.addAll(scenario.accounts());
        }
        assertThat(owned).isEqualTo(all);
    }

    @Test
    void shouldDrainUnderTheSimSwapCapAfterTheSwapThenCashOut() {
        // When
        FraudScenarios.Scenario takeover = scenario(FraudScenarios.Typology.SIM_SWAP_TAKEOVER);

        // Then
        List<FraudScenarios.Step> steps = takeover.steps();
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0).telco().getType()).isEqualTo(TelcoEventType.SIM_SWAP);
        String victim = steps.get(0).telco().getAccountId();
        TransferRequest first = steps.get(1).transfer().request();
        TransferRequest second = steps.get(2).transfer().request();
        TransferRequest cashOut = steps.get(3).transfer().request();
        for (TransferRequest drain : List.of(first, second)) {
            assertThat(drain.getKind()).isEqualTo(TransferKind.P2P);
            assertThat(drain.getPayer()).isEqualTo(victim);
            assertThat(drain.getPayee()).isEqualTo(first.getPayee());
            assertThat(drain.getAmount()).isBetween(500_001L, 999_999L);
        }
        assertThat(cashOut.getKind()).isEqualTo(TransferKind.CASH_OUT);
        assertThat(cashOut.getPayer()).isEqualTo(first.getPayee());
        assertThat(cashOut.getAmount()).isEqualTo((first.getAmount() + second.getAmount()) * 95 / 100);
        assertSpacedInTime(steps);
        assertThat(steps).extracting(FraudScenarios.Step::atStake).containsExactly(false, true, true, false);
        assertThat(plan().funded().customers()).contains(victim).doesNotContain(first.getPayee());
    }

    @Test
    void shouldFanInFromDistinctPayersThenCashOutNearlyAll() {
        // When
        List<FraudScenarios.Step> steps = scenario(FraudScenarios.Typology.MULE_RING).steps();

        // Then
        List<TransferRequest> payments = requests(steps.subList(0, steps.size() - 1));
        TransferRequest cashOut = steps.get(steps.size() - 1).transfer().request();
        assertThat(payments).hasSize(12).allMatch(p -> p.getKind() == TransferKind.P2P)
            .extracting(TransferRequest::getPayee).containsOnly(cashOut.getPayer());
        assertThat(payments.stream().map(TransferRequest::getPayer).distinct().count()).isEqualTo(12);
        long in = payments.stream().mapToLong(TransferRequest::getAmount).sum();
        assertThat(cashOut.getKind()).isEqualTo(TransferKind.CASH_OUT);
        assertThat(cashOut.getAmount()).isEqualTo(in * 95 / 100);
        assertSpacedInTime(steps);
        assertThat(plan().unfunded()).contains(cashOut.getPayer());
    }

    @Test
    void shouldBurstManyDebitsWithinAMinuteToFewPayees() {
        // When
        List<FraudScenarios.Step> steps = scenario(FraudScenarios.Typology.VELOCITY_BURST).steps();

        // Then
        List<TransferRequest> debits = requests(steps);
        assertThat(debits).hasSize(15).allMatch(d -> d.getKind() == TransferKind.P2P);
        assertThat(debits).extracting(TransferRequest::getPayer).containsOnly(debits.get(0).getPayer());
        assertThat(debits.stream().map(TransferRequest::getPayee).distinct().count()).isEqualTo(3);
        assertThat(steps.get(steps.size() - 1).offsetMs() - steps.get(0).offsetMs()).isLessThan(60_000);
        assertSpacedInTime(steps);
    }

    @Test
    void shouldSplitAnAgentsDepositsJustUnderTheThreshold() {
        // When
        List<FraudScenarios.Step> steps = scenario(FraudScenarios.Typology.AGENT_STRUCTURING).steps();

        // Then
        List<TransferRequest> cashIns = requests(steps);
        assertThat(cashIns).hasSizeBetween(3, 4).allMatch(c -> c.getKind() == TransferKind.CASH_IN)
            .allMatch(c -> c.getAmount() >= 900_000 && c.getAmount() < 1_000_000);
        assertThat(cashIns).extracting(TransferRequest::getPayer).containsOnly(cashIns.get(0).getPayer());
        assertThat(cashIns).extracting(TransferRequest::getPayee).containsOnly(cashIns.get(0).getPayee());
        assertThat(cashIns.get(0).getPayer()).startsWith("agent-");
        assertThat(steps.get(steps.size() - 1).offsetMs()).isLessThan(600_000);
        assertSpacedInTime(steps);
    }

    @Test
    void shouldReverseAPaymentTheAccompliceAlreadyCashedOut() {
        // When
        List<FraudScenarios.Step> steps = scenario(FraudScenarios.Typology.REVERSAL_ABUSE).steps();

        // Then
        List<TransferRequest> requests = requests(steps);
        assertThat(requests).extracting(TransferRequest::getKind)
            .containsExactly(TransferKind.P2P, TransferKind.CASH_OUT, TransferKind.REVERSAL);
        TransferRequest payment = requests.get(0);
        TransferRequest cashOut = requests.get(1);
        TransferRequest reversal = requests.get(2);
        assertThat(cashOut.getPayer()).isEqualTo(payment.getPayee());
        assertThat(cashOut.getAmount()).isEqualTo(payment.getAmount() * 95 / 100);
        assertThat(reversal.getPayer()).isEqualTo(payment.getPayee());
        assertThat(reversal.getPayee()).isEqualTo(payment.getPayer());
        assertThat(reversal.getAmount()).isEqualTo(payment.getAmount());
        assertThat(reversal.getReference()).isEqualTo(payment.getRequestId());
        assertThat(steps.get(2).transfer().key()).isEqualTo(payment.getPayer());
        assertSpacedInTime(steps);
    }

    @Test
    void shouldPlanNothingForNoScenarios() {
        // When
        FraudScenarios.Plan plan = FraudScenarios.plan(POPULATION, 0, 42, "demo-1a2b3c4d");

        // Then
        assertThat(plan.scenarios()).isEmpty();
        assertThat(plan.accounts()).isZero();
    }

    private static FraudScenarios.Plan plan() {
        return FraudScenarios.plan(POPULATION, 5, 42, "demo-1a2b3c4d");
    }

    private static FraudScenarios.Scenario scenario(FraudScenarios.Typology typology) {
        return plan().scenarios().stream().filter(s -> s.typology() == typology).findFirst().orElseThrow();
    }

    private static List<FraudScenarios.Step> steps(FraudScenarios.Plan plan) {
        return plan.scenarios().stream().flatMap(s -> s.steps().stream()).toList();
    }

    private static List<TransferRequest> requests(List<FraudScenarios.Step> steps) {
        return steps.stream().filter(s -> s.transfer() != null).map(s -> s.transfer().request()).toList();
    }

    private static List<Long> amounts(FraudScenarios.Plan plan) {
        List<Long> amounts = new ArrayList<>();
        steps(plan).forEach(step -> amounts.add(step.amount()));
        return amounts;
    }

    /** Each step at least a second after the one before, so a cross-partition credit lands first. */
    private static void assertSpacedInTime(List<FraudScenarios.Step> steps) {
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).offsetMs() - steps.get(i - 1).offsetMs()).isGreaterThanOrEqualTo(1_000);
        }
    }
}
