package dev.hazina.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.hazina.schemas.topics.TopicVisibility;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Creates the ledger's topics or verifies existing ones, idempotently, and refuses inputs that are
 * not co-partitioned: one account's requests, commands and legs must all land in one task.
 */
public final class LedgerTopicsAdmin {

    private static final long FOREVER = -1;
    private static final long MONTH_MS = Duration.ofDays(30).toMillis();
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    /** What a topic should look like. */
    public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
    }

    /** What {@link #createOrVerify} did to one topic. */
    public record TopicStatus(String name, boolean created, int partitions) {
    }

    private final LedgerConfig config;

    public LedgerTopicsAdmin(LedgerConfig config) {
        this.config = config;
    }

    /** Every topic Hazina owns, with its partitions, replication and retention. */
    public List<TopicSpec> specs() {
        int partitions = config.partitions();
        short replication = config.replicationFactor();
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(spec(TopicName.TRANSFER_REQUESTS, partitions, replication, config.dedupeHorizonMs()));
        specs.add(spec(TopicName.OPERATOR_REQUESTS, partitions, replication, config.dedupeHorizonMs()));
        specs.add(spec(TopicName.ACCOUNT_COMMANDS, partitions, replication, FOREVER));
        specs.add(spec(TopicName.LEDGER_LEGS, partitions, replication, WEEK_MS));
        specs.add(spec(TopicName.TRANSFER_RESULTS, partitions, replication, MONTH_MS));
        specs.add(spec(TopicName.LEDGER_ENTRIES, partitions, replication, FOREVER));
        specs.add(spec(TopicName.SETTLEMENTS, partitions, replication, FOREVER));
        specs.add(spec(TopicName.ACCOUNT_EVENTS, partitions, replication, FOREVER));
        specs.add(spec(TopicName.DEAD_LETTERS, partitions, replication, MONTH_MS));
        // The fraud stream's verdicts: the latest per account is what counts, and it is the risk store's changelog.
        TopicSpec risk = spec(TopicName.ACCOUNT_RISK, partitions, replication, FOREVER);
        risk.configs().put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        specs.add(risk);
        return specs;
    }

    private TopicSpec spec(TopicName topic, int partitions, short replication, long retentionMs) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication)));
        return new TopicSpec(config.topicName(topic), partitions, replication, configs);
    }

    /** Creates missing topics, leaves existing ones alone, then checks co-partitioning. */
    public List<TopicStatus> createOrVerify(Admin admin) throws InterruptedException {
        Set<String> created = createMissing(admin, specs());
        Map<String, Integer> counts = partitionCounts(admin);
        verifyCoPartitioned(counts);
        return specs().stream()
            .map(spec -> new TopicStatus(spec.name(), created.contains(spec.name()), counts.get(spec.name())))
            .toList();
    }

    /**
     * Creates the topics of {@code specs} that do not exist yet and waits until the broker shows them;
     * returns their names. Other streams (the fraud stream) create their own topics with it too.
     */
    public static Set<String> createMissing(Admin admin, List<TopicSpec> specs) throws InterruptedException {
        Set<String> existing = call(() -> admin.listTopics().names().get());
        List<NewTopic> missing = specs.stream()
            .filter(spec -> !existing.contains(spec.name()))
            .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replication()).configs(spec.configs()))
            .toList();
        Set<String> created = missing.stream().map(NewTopic::name).collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            create(admin, missing);
            TopicVisibility.await(admin, created);
        }
        return created;
    }

    /** Throws {@link LedgerException} unless every input exists with {@code hazina.partitions} partitions. */
    public void verifyCoPartitioned(Admin admin) throws InterruptedException {
        verifyCoPartitioned(partitionCounts(admin));
    }

    private void verifyCoPartitioned(Map<String, Integer> counts) {
        List<String> problems = new ArrayList<>();
        for (String input : LedgerTopics.from(config).coPartitioned()) {
            Integer count = counts.get(input);
            if (count == null) {
                problems.add(input + " does not exist");
            } else if (count != config.partitions()) {
                problems.add(input + " has " + count + " partitions");
            }
        }
        if (!problems.isEmpty()) {
            throw new LedgerException("inputs are not co-partitioned with " + LedgerConfig.PARTITIONS_CONFIG + "="
                + config.partitions() + ": " + String.join(", ", problems)
                + ". Every account's requests, commands, legs and risk verdicts must share one partition; refusing to start.");
        }
    }

    private Map<String, Integer> partitionCounts(Admin admin) throws InterruptedException {
        return partitionCounts(admin, specs().stream().map(TopicSpec::name).toList());
    }

    /** The partition count of each of {@code topics} that exists. */
    public static Map<String, Integer> partitionCounts(Admin admin, List<String> topics) throws InterruptedException {
        Set<String> names = new java.util.HashSet<>(topics);
        Set<String> existing = call(() -> admin.listTopics().names().get());
        names.retainAll(existing);
        Map<String, TopicDescription> described = call(() -> admin.describeTopics(names).allTopicNames().get());
        Map<String, Integer> counts = new HashMap<>();
        described.forEach((name, description) -> counts.put(name, description.partitions().size()));
        return counts;
    }

    /** Creates the topics; one that another client created meanwhile counts as created. */
    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException {
        for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Kafka admin call failed: cannot create " + result.getKey() + ": "
                        + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    private interface AdminCall<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) throws InterruptedException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
