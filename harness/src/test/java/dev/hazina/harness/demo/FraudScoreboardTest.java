package dev.hazina.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.harness.traffic.FraudScenarios;
import dev.hazina.harness.traffic.Population;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferStatus;

class FraudScoreboardTest {

    private static final FraudScenarios.Plan PLAN = FraudScenarios.plan(Population.of(200), 2, 42, "demo-1a2b3c4d");
    private static final FraudScenarios.Scenario TAKEOVER = PLAN.scenarios().get(0);
    private static final FraudScenarios.Scenario RING = PLAN.scenarios().get(1);

    @Test
    void shouldCountATakeoverStoppedAtItsSecondDrainAndTimeItsVerdict() {
        // Given: the first drain went through and interdicted the victim, the second was refused
        TransferRequest first = request(TAKEOVER, 1);
        TransferRequest second = request(TAKEOVER, 2);
        TransferRequest cashOut = request(TAKEOVER, 3);
        Map<String, FraudScoreboard.Outcome> outcomes = new HashMap<>();
        outcomes.put(first.getRequestId(), new FraudScoreboard.Outcome(TransferStatus.COMPLETED, null, 1_000));
        outcomes.put(second.getRequestId(), new FraudScoreboard.Outcome(TransferStatus.REJECTED, ReasonCode.FRAUD_BLOCKED, 2_600));
        outcomes.put(cashOut.getRequestId(), new FraudScoreboard.Outcome(TransferStatus.REJECTED, ReasonCode.INSUFFICIENT_FUNDS, 4_100));
        List<FraudScoreboard.Alert> alerts = List.of(
            new FraudScoreboard.Alert(first.getPayer(), "account-takeover", true, first.getRequestId(), 1_300));
        List<FraudScoreboard.Verdict> verdicts = List.of(
            new FraudScoreboard.Verdict(first.getPayer(), false, 200),
            new FraudScoreboard.Verdict(first.getPayer(), true, 1_350));

        // When
        FraudScoreboard.Judged judged = FraudScoreboard.judge(TAKEOVER, outcomes, alerts, verdicts);

        // Then
        assertThat(judged.detected()).isTrue();
        assertThat(judged.interdicted()).isTrue();
        assertThat(judged.stake()).isEqualTo(first.getAmount() + second.getAmount());
        assertThat(judged.stopped()).isEqualTo(second.getAmount());
        assertThat(judged.lost()).isEqualTo(first.getAmount());
        assertThat(judged.alertLatency()).isEqualTo(300);
        assertThat(judged.blockLatency()).isEqualTo(350);
    }

    @Test
    void shouldCountAnUndetectedRingAsLostAndAnAlertOnCleanTrafficAsAFalsePositive() {
        // Given: every step completed, no alert on the ring, one on a clean account
        Map<String, FraudScoreboard.Outcome> outcomes = new HashMap<>();
        RING.steps().forEach(step -> outcomes.put(step.transfer().request().getRequestId(),
            new FraudScoreboard.Outcome(TransferStatus.COMPLETED, null, 1_000)));
        List<FraudScoreboard.Alert> alerts = List.of(
            new FraudScoreboard.Alert("cust-000001", "mule-account", true, "demo-clean-7", 1_300));
        List<FraudScoreboard.Verdict> verdicts = List.of(new FraudScoreboard.Verdict("cust-000001", true, 1_400));

        // When
        FraudScoreboard.Judged judged = FraudScoreboard.judge(RING, outcomes, alerts, verdicts);
        String table = FraudScoreboard.table(PLAN, 0.005, 400, outcomes, alerts, verdicts, 3);

        // Then
        long cashOut = RING.steps().get(RING.steps().size() - 1).amount();
        assertThat(judged.detected()).isFalse();
        assertThat(judged.interdicted()).isFalse();
        assertThat(judged.lost()).isEqualTo(cashOut).isEqualTo(judged.stake());
        assertThat(judged.blockLatency()).isNull();
        assertThat(table).contains("mule-account", "0%", "1 clean (false positives)", "FRAUD_BLOCKED: 3");
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        // Then
        assertThat(FraudScoreboard.percentiles(List.of(5L, 1L, 3L, 2L, 4L))).isEqualTo("3/5");
        assertThat(FraudScoreboard.percentiles(java.util.Arrays.asList(null, 7L))).isEqualTo("7/7");
        assertThat(FraudScoreboard.percentiles(java.util.Arrays.asList((Long) null))).isEqualTo("-");
    }

    private static TransferRequest request(FraudScenarios.Scenario scenario, int step) {
        return scenario.steps().get(step).transfer().request();
    }
}
