package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.Violation;
import dev.hazina.reconciliation.stream.ReconciliationStatus;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

class ReconciliationVerdictTest {

    private static final ReconciliationStatus OK = status(0);

    @Test
    void shouldPassAStuckSagaRaisedThenCleared() {
        // Given
        List<ReconciliationAlert> alerts = List.of(
            alert("stuck-saga", "r1/CREDIT", "r1", ReconciliationAlertStatus.RAISED),
            alert("transfer-balance", "r2/KES", "r2", ReconciliationAlertStatus.RAISED),
            alert("stuck-saga", "r1/CREDIT", "r1", ReconciliationAlertStatus.CLEARED),
            alert("transfer-balance", "r2/KES", "r2", ReconciliationAlertStatus.CLEARED));

        // When
        ReconciliationVerdict.Summary summary = judge(alerts, OK, Set.of());

        // Then
        assertThat(summary.violations()).isEmpty();
        assertThat(summary.raised()).isEqualTo(Map.of("stuck-saga", 1L, "transfer-balance", 1L));
        assertThat(summary.cleared()).isEqualTo(Map.of("stuck-saga", 1L, "transfer-balance", 1L));
        assertThat(summary.openAtEnd()).isZero();
        assertThat(summary.restartSeconds()).containsExactly(1.5);
    }

    @Test
    void shouldFailAnAlertRaisedAndNeverClearedNamingItsSubjectAndEvidence() {
        // Given: r1 raised twice and cleared once, r2 raised alone
        List<ReconciliationAlert> alerts = List.of(
            alert("stuck-saga", "r1/CREDIT", "r1", ReconciliationAlertStatus.RAISED),
            alert("stuck-saga", "r1/CREDIT", "r1", ReconciliationAlertStatus.CLEARED),
            alert("conservation", "KES@60000", null, ReconciliationAlertStatus.RAISED),
            alert("stuck-saga", "r1/CREDIT", "r1", ReconciliationAlertStatus.RAISED));

        // When
        ReconciliationVerdict.Summary summary = judge(alerts, OK, Set.of());

        // Then
        assertThat(summary.openAtEnd()).isEqualTo(2);
        assertThat(summary.violations()).extracting(Violation::subject)
            .containsExactly("conservation KES@60000", "stuck-saga r1/CREDIT");
        assertThat(summary.violations()).allSatisfy(v -> {
            assertThat(v.invariant()).isEqualTo(ReconciliationVerdict.RECONCILIATION_ALERT);
            assertThat(v.detail()).startsWith("RAISED and never CLEARED: evidence of ");
        });
    }

    @Test
    void shouldReportAClearedWithoutItsRaised() {
        // Given
        List<ReconciliationAlert> alerts = List.of(
            alert("sequence-chain", "C-1", null, ReconciliationAlertStatus.CLEARED));

        // When
        ReconciliationVerdict.Summary summary = judge(alerts, OK, Set.of());

        // Then
        assertThat(summary.violations()).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("sequence-chain C-1");
            assertThat(v.detail()).contains("CLEARED without a RAISED");
        });
        assertThat(summary.cleared()).isEqualTo(Map.of("sequence-chain", 1L));
    }

    @Test
    void shouldFailAnyAlertAboutAHostileRequestThatPostedNothingEvenWhenCleared() {
        // Given: h1 was dead-lettered or refused; h2 is a hostile request whose saga ran
        List<ReconciliationAlert> alerts = List.of(
            alert("transfer-balance", "h1/KES", "h1", ReconciliationAlertStatus.RAISED),
            alert("transfer-balance", "h1/KES", "h1", ReconciliationAlertStatus.CLEARED),
            alert("stuck-saga", "h2/CREDIT", null, ReconciliationAlertStatus.RAISED),
            alert("stuck-saga", "h2/CREDIT", null, ReconciliationAlertStatus.CLEARED));

        // When
        ReconciliationVerdict.Summary summary = judge(alerts, OK, Set.of("h1"));

        // Then
        assertThat(summary.violations()).hasSize(2).allSatisfy(v -> {
            assertThat(v.subject()).isEqualTo("transfer-balance h1/KES");
            assertThat(v.detail()).contains("names hostile request h1, which posted nothing");
        });
    }

    @Test
    void shouldFailAFinalStatusWithOpenAlertsEvenWhenTheTopicLooksClean() {
        // When
        ReconciliationVerdict.Summary summary = judge(List.of(), status(1), Set.of());

        // Then
        assertThat(summary.violations()).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("status");
            assertThat(v.detail()).contains("ALERT (open: stuck-saga=1");
        });
    }

    /** The verdict on {@code alerts} and {@code status}, after one restart of 1.5 s. */
    private static ReconciliationVerdict.Summary judge(List<ReconciliationAlert> alerts, ReconciliationStatus status,
                                                       Set<String> silentRequests) {
        return ReconciliationVerdict.judge(new ReconciliationVerdict.Said(alerts, status, List.of(1.5)), silentRequests);
    }

    private static ReconciliationAlert alert(String check, String subject, String transferId,
                                             ReconciliationAlertStatus status) {
        return ReconciliationAlert.newBuilder().setCheck(check).setSubject(subject).setStatus(status)
            .setDetail("evidence of " + subject).setTransferId(transferId).setDetectedAt(1_000).build();
    }

    private static ReconciliationStatus status(int openStuckSagas) {
        return new ReconciliationStatus(openStuckSagas == 0 ? ReconciliationStatus.State.OK : ReconciliationStatus.State.ALERT,
            Map.of("stuck-saga", openStuckSagas), 0, 0, 0);
    }
}
