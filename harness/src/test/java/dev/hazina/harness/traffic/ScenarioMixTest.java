package dev.hazina.harness.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TransferRequest;

class ScenarioMixTest {

    private static final Population POPULATION = Population.of(200);

    @Test
    void shouldInterleaveEveryScenarioStepInItsOrderAndLeaveTheCleanMixAlone() {
        // Given
        FraudScenarios.Plan plan = FraudScenarios.plan(POPULATION, 5, 42, "demo-1a2b3c4d");
        TrafficGenerator clean = TrafficGenerator.demo(POPULATION, 42, "demo-clean");
        TrafficGenerator reference = TrafficGenerator.demo(POPULATION, 42, "demo-clean");
        List<TelcoEvent> telco = new ArrayList<>();
        ScenarioMix mix = new ScenarioMix(clean::next, plan.scenarios(), 0.01, telco::add);

        // When: 1,000 records at 1,000 per second, then whatever is still due
        List<TrafficRecord> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(mix.apply(1_000_000L + i));
        }
        for (long at = 1_001_000L; mix.pending() > 0 && at < 1_100_000L; at++) {
            sent.add(mix.apply(at));
        }

        // Then: each scenario's transfers went out, in order, at or after their offsets
        Set<String> scenarioIds = plan.scenarios().stream().flatMap(s -> s.steps().stream())
            .filter(s -> s.transfer() != null).map(s -> s.transfer().request().getRequestId()).collect(Collectors.toSet());
        List<TrafficRecord> scenarioRecords = sent.stream()
            .filter(r -> r.request() != null && scenarioIds.contains(r.request().getRequestId())).toList();
        assertThat(scenarioRecords).hasSize(scenarioIds.size());
        for (FraudScenarios.Scenario scenario : plan.scenarios()) {
            List<FraudScenarios.Step> steps = scenario.steps().stream().filter(s -> s.transfer() != null).toList();
            List<TransferRequest> out = scenarioRecords.stream().map(TrafficRecord::request)
                .filter(r -> steps.stream().anyMatch(s -> s.transfer().request().getRequestId().equals(r.getRequestId())))
                .toList();
            assertThat(out).extracting(TransferRequest::getRequestId)
                .containsExactlyElementsOf(steps.stream().map(s -> s.transfer().request().getRequestId()).toList());
            long start = out.get(0).getRequestedAt() - steps.get(0).offsetMs();
            for (int i = 0; i < steps.size(); i++) {
                assertThat(out.get(i).getRequestedAt()).isGreaterThanOrEqualTo(start + steps.get(i).offsetMs());
            }
        }
        // The SIM swap was signalled, dated when it fell due, before the victim's first drain
        assertThat(telco).hasSize(1);
        TransferRequest drain = plan.scenarios().get(0).steps().get(1).transfer().request();
        TransferRequest sentDrain = scenarioRecords.stream().map(TrafficRecord::request)
            .filter(r -> r.getRequestId().equals(drain.getRequestId())).findFirst().orElseThrow();
        assertThat(telco.get(0).getAccountId()).isEqualTo(drain.getPayer());
        assertThat(telco.get(0).getOccurredAt()).isLessThanOrEqualTo(sentDrain.getRequestedAt() - 2_000);
        // The clean records are exactly the clean generator's, in its order
        List<TrafficRecord> cleanRecords = sent.stream()
            .filter(r -> r.request() == null || !scenarioIds.contains(r.request().getRequestId())).toList();
        for (TrafficRecord record : cleanRecords) {
            TrafficRecord expected = reference.next(record.request() == null ? 0 : record.request().getRequestedAt());
            assertThat(record.key()).isEqualTo(expected.key());
            if (record.request() != null) {
                assertThat(record.request()).isEqualTo(expected.request());
            }
        }
        assertThat(mix.pending()).isZero();
    }

    @Test
    void shouldStartTheScenariosAtTheirShareOfTheRecords() {
        // Given
        FraudScenarios.Plan plan = FraudScenarios.plan(POPULATION, 4, 42, "demo-1a2b3c4d");
        ScenarioMix mix = new ScenarioMix(TrafficGenerator.demo(POPULATION, 1, "demo-clean")::next, plan.scenarios(),
            0.01, event -> { });

        // When: records 0..299 reach the starts of scenarios 1 to 3 (at 0, 100 and 200), not the 4th (at 300)
        for (int i = 0; i < 300; i++) {
            mix.apply(i);
        }

        // Then: the 4th is pending, with the steps of the first three still due
        int dueSteps = plan.scenarios().subList(0, 3).stream().mapToInt(s -> s.steps().size()).sum();
        assertThat(mix.pending()).isGreaterThan(1).isLessThanOrEqualTo(1 + dueSteps);
    }
}
