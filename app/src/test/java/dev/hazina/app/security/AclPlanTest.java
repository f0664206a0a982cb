package dev.hazina.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopology;
import dev.hazina.topology.LedgerConfig;

class AclPlanTest {

    private static final Set<String> LEDGER_OUTPUTS = Set.of("hazina.ledger-legs", "hazina.transfer-results",
        "hazina.ledger-entries", "hazina.settlements", "hazina.account-events");

    @Test
    void shouldLetOnlyTheLedgerWriteItsOutputsAndLegs() {
        // When
        List<AclBinding> bindings = plan(Map.of());

        // Then
        List<String> writers = bindings.stream()
            .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
            .filter(b -> b.entry().operation() == AclOperation.WRITE || b.entry().operation() == AclOperation.ALL)
            .filter(b -> LEDGER_OUTPUTS.stream().anyMatch(topic -> matches(b, topic)))
            .map(b -> b.entry().principal())
            .distinct()
            .toList();
        assertThat(writers).containsExactly("User:ledger");
    }

    @Test
    void shouldLetOnlyOpsWriteTheOperatorTopicAndAccountCommands() {
        List<AclBinding> bindings = plan(Map.of());
        for (String topic : List.of("hazina.operator-requests", "hazina.account-commands")) {
            assertThat(principalsAllowed(bindings, topic, AclOperation.WRITE)).as(topic).containsExactly("User:ops");
        }
    }

    @Test
    void shouldLetOnlyOpsWriteSettlementCommandsAndOnlyReconciliationWriteBatchesAndWindows() {
        // When
        List<AclBinding> bindings = plan(Map.of());

        // Then
        assertThat(principalsAllowed(bindings, "hazina.settlement-commands", AclOperation.WRITE)).containsExactly("User:ops");
        assertThat(principalsAllowed(bindings, "hazina.settlement-commands", AclOperation.READ))
            .containsExactly("User:reconciliation");
        for (String topic : List.of("hazina.settlement-batches", "hazina.settlement-windows",
                "hazina-reconciliation-settlement-window-changes", "hazina-reconciliation-settlement-window-parts")) {
            assertThat(principalsAllowed(bindings, topic, AclOperation.WRITE)).as(topic).containsExactly("User:reconciliation");
        }
        assertThat(principalsAllowed(bindings, "hazina.settlement-windows", AclOperation.READ)).contains("User:ops");
    }

    @Test
    void shouldLetReplayReadTheRequestsAndAnswersButWriteOnlyTheChannelsTopic() {
        // When
        List<AclBinding> bindings = plan(Map.of());

        // Then
        for (String topic : List.of("hazina.transfer-requests", "hazina.operator-requests", "hazina.transfer-results",
                "hazina.dead-letters")) {
            assertThat(principalsAllowed(bindings, topic, AclOperation.READ)).as(topic).contains("User:replay");
        }
        assertThat(principalsAllowed(bindings, "hazina.transfer-requests", AclOperation.WRITE)).contains("User:replay");
        assertThat(bindings.stream().filter(b -> b.entry().principal().equals("User:replay"))
            .filter(b -> b.entry().operation() == AclOperation.WRITE).map(b -> b.pattern().name()))
            .containsExactly("hazina.transfer-requests");
    }

    @Test
    void shouldGiveAChannelExactlyItsRequestsResultsAndGroups() {
        // When
        List<String> grants = plan(Map.of()).stream()
            .filter(b -> b.entry().principal().equals("User:channel-app"))
            .map(AclPlan::describe)
            .map(line -> line.replaceAll(" +", " "))
            .toList();

        // Then
        assertThat(grants).containsExactlyInAnyOrder(
            "User:channel-app WRITE LITERAL TOPIC hazina.transfer-requests",
            "User:channel-app DESCRIBE LITERAL TOPIC hazina.transfer-requests",
            "User:channel-app READ LITERAL TOPIC hazina.transfer-results",
            "User:channel-app DESCRIBE LITERAL TOPIC hazina.transfer-results",
            "User:channel-app READ PREFIXED GROUP channel-app");
    }

    @Test
    void shouldFollowTheLedgersApplicationIdAndTopicNames() {
        // When
        List<AclBinding> bindings = plan(Map.of(LedgerConfig.APPLICATION_ID_CONFIG, "ledger-eu",
            "hazina.topic.operator.requests", "eu.operator-requests"));

        // Then
        assertThat(bindings).anyMatch(b -> b.entry().principal().equals("User:ledger")
            && b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID
            && b.pattern().patternType() == PatternType.PREFIXED && b.pattern().name().equals("ledger-eu"));
        assertThat(principalsAllowed(bindings, "eu.operator-requests", AclOperation.WRITE)).containsExactly("User:ops");
    }

    @Test
    void shouldGiveTheReconciliationStreamWhatItReadsWritesAndKeepsInternally() {
        // Given
        List<AclBinding> bindings = plan(Map.of());
        String applicationId = ReconciliationConfig.DEFAULT_APPLICATION_ID;
        String repartition = applicationId + "-" + ReconciliationTopology.ENTRIES_BY_TRANSFER + "-repartition";

        // Then
        for (String input : List.of(ReconciliationConfig.DEFAULT_ENTRIES_TOPIC, ReconciliationConfig.DEFAULT_LEGS_TOPIC)) {
            assertThat(principalsAllowed(bindings, input, AclOperation.READ)).contains("User:reconciliation");
            assertThat(principalsAllowed(bindings, input, AclOperation.WRITE)).doesNotContain("User:reconciliation");
        }
        assertThat(principalsAllowed(bindings, ReconciliationConfig.DEFAULT_ALERTS_TOPIC, AclOperation.WRITE))
            .containsExactly("User:reconciliation");
        assertThat(principalsAllowed(bindings, repartition, AclOperation.WRITE)).containsExactly("User:reconciliation");
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.entry().principal()).isEqualTo("User:reconciliation");
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
            assertThat(b.pattern().name()).isEqualTo(applicationId);
            assertThat(b.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.entry().principal()).isEqualTo("User:reconciliation");
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.GROUP);
            assertThat(b.pattern().name()).isEqualTo(applicationId);
            assertThat(b.entry().operation()).isEqualTo(AclOperation.READ);
        });
    }

    @Test
    void shouldLetTheAuditorReadTheJournalAndTheReportsAndWriteNothing() {
        // When
        List<AclBinding> auditor = plan(Map.of()).stream()
            .filter(b -> b.entry().principal().equals("User:auditor")).toList();

        // Then
        assertThat(auditor).noneMatch(b -> b.entry().operation() == AclOperation.WRITE || b.entry().operation() == AclOperation.ALL);
        assertThat(auditor).filteredOn(b -> b.entry().operation() == AclOperation.READ && b.pattern().resourceType() == ResourceType.TOPIC)
            .extracting(b -> b.pattern().name())
            .containsExactlyInAnyOrder("hazina.ledger-entries", "hazina.audit-checkpoints", "hazina.daily-reports",
                "hazina.settlement-batches", "hazina.settlements", "hazina.reconciliation-alerts");
        assertThat(principalsAllowed(plan(Map.of()), "hazina.transfer-requests", AclOperation.READ)).doesNotContain("User:auditor");
    }

    @Test
    void shouldLetOnlyTreasuryWriteTrustStatementsAndTreasuryNothingElse() {
        // When
        List<AclBinding> bindings = plan(Map.of());

        // Then
        String statements = ReconciliationConfig.DEFAULT_TRUST_STATEMENTS_TOPIC;
        assertThat(principalsAllowed(bindings, statements, AclOperation.WRITE)).containsExactly("User:treasury");
        assertThat(principalsAllowed(bindings, statements, AclOperation.READ)).containsExactly("User:reconciliation");
        assertThat(bindings).filteredOn(b -> b.entry().principal().equals("User:treasury"))
            .extracting(b -> b.pattern().name() + " " + b.entry().operation())
            .containsExactlyInAnyOrder(statements + " WRITE", statements + " DESCRIBE");
        assertThat(principalsAllowed(bindings, ReconciliationConfig.DEFAULT_DAILY_REPORTS_TOPIC, AclOperation.WRITE))
            .containsExactly("User:reconciliation");
        assertThat(principalsAllowed(bindings, ReconciliationConfig.DEFAULT_DEAD_LETTERS_TOPIC, AclOperation.READ))
            .contains("User:reconciliation");
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        assertThatThrownBy(() -> plan(Map.of("hazina.acl.principal.mallory", "superuser")))
            .hasMessageContaining("mallory").hasMessageContaining("unknown role");
    }

    private static List<AclBinding> plan(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>();
        for (String principal : List.of("channel-ussd", "channel-app", "channel-agent")) {
            values.put(AclSpec.PRINCIPAL_PREFIX + principal, "channel");
        }
        for (String principal : List.of("ops", "replay", "ledger", "fraud", "reconciliation", "connect", "auditor", "treasury")) {
            values.put(AclSpec.PRINCIPAL_PREFIX + principal, principal);
        }
        values.putAll(extra);
        return new AclPlan(AclSpec.from(new LedgerConfig(values))).bindings();
    }

    private static List<String> principalsAllowed(List<AclBinding> bindings, String topic, AclOperation operation) {
        return bindings.stream()
            .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && matches(b, topic))
            .filter(b -> b.entry().operation() == operation || b.entry().operation() == AclOperation.ALL)
            .map(b -> b.entry().principal())
            .distinct()
            .toList();
    }

    private static boolean matches(AclBinding binding, String topic) {
        return binding.pattern().patternType() == PatternType.PREFIXED
            ? topic.startsWith(binding.pattern().name())
            : topic.equals(binding.pattern().name());
    }
}
