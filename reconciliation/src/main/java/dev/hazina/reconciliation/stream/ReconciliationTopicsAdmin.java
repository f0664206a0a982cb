package dev.hazina.reconciliation.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.hazina.reconciliation.settlement.SettlementTopics;
import dev.hazina.schemas.topics.TopicVisibility;

/**
 * Creates the reconciliation stream's own topics when they are missing (alerts, audit checkpoints,
 * the trust statements it reads and the daily reports it writes (compacted), the settlement windows'
 * commands, batches, windows and internal topics), and refuses to start
 * unless the ledger's topics it reads exist (the ledger creates those).
 */
public final class ReconciliationTopicsAdmin {

    private final ReconciliationConfig config;
    private final ReconciliationTopics topics;

    public ReconciliationTopicsAdmin(ReconciliationConfig config) {
        this.config = config;
        this.topics = ReconciliationTopics.from(config);
    }

    /** Creates what is missing and waits until the broker shows it; returns the names it created. */
    public List<String> createOrVerify(Admin admin) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<String> missingInputs = new ArrayList<>();
        for (String input : List.of(topics.entries().name(), topics.legs().name())) {
            if (!existing.contains(input)) {
                missingInputs.add(input);
            }
        }
        if (!missingInputs.isEmpty()) {
            throw new IllegalStateException("The ledger's topics " + missingInputs + " do not exist; start the ledger "
                + "(or create its topics) before the reconciliation stream.");
        }
        List<String> created = new ArrayList<>();
        SettlementTopics settlement = SettlementTopics.from(ReconciliationTopology.settlement(config));
        List<String> owned = new ArrayList<>(List.of(topics.alerts().name(), topics.checkpoints().name(),
            topics.trustStatements().name(), topics.dailyReports().name()));
        owned.addAll(settlement.owned());
        for (String output : owned) {
            if (!existing.contains(output)) {
                boolean compact = output.equals(settlement.windows()) || output.equals(topics.dailyReports().name());
                createForever(admin, output, compact, created);
            }
        }
        TopicVisibility.await(admin, Set.copyOf(created));
        return created;
    }

    /** Creates {@code name} with the ledger's partition count, kept forever (compacted when {@code compact}). */
    private void createForever(Admin admin, String name, boolean compact, List<String> created) throws InterruptedException {
        short replication = config.replicationFactor();
        NewTopic topic = new NewTopic(name, config.partitions(), replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.CLEANUP_POLICY_CONFIG, compact ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication))));
        try {
            admin.createTopics(List.of(topic)).all().get();
            created.add(name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
