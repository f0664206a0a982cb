package dev.hazina.fraud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

import dev.hazina.topology.LedgerException;
import dev.hazina.topology.LedgerTopicsAdmin;
import dev.hazina.topology.LedgerTopicsAdmin.TopicSpec;
import dev.hazina.topology.Topic;

/**
 * Creates the fraud stream's own topics or verifies them (the ledger's topics, the risk topic
 * included, are the ledger's to create), and refuses to run unless every input it scores from shares
 * the ledger's partition count: a verdict must land on the partition where the ledger decides.
 */
public final class FraudTopicsAdmin {

    private static final long FOREVER = -1;
    private static final long MONTH_MS = Duration.ofDays(30).toMillis();
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    private final FraudConfig config;
    private final FraudTopics topics;

    public FraudTopicsAdmin(FraudConfig config) {
        this.config = config;
        this.topics = FraudTopics.from(config);
    }

    /** The fraud stream's own topics with partitions, replication and retention. */
    public List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(spec(topics.telcoEvents(), MONTH_MS));
        specs.add(spec(topics.alerts(), FOREVER));
        specs.add(spec(topics.caseCommands(), FOREVER));
        specs.add(spec(topics.caseEvents(), FOREVER));
        specs.add(spec(topics.reversals(), WEEK_MS));
        return specs;
    }

    /** Creates what is missing, then checks co-partitioning; returns the names it created. */
    public List<String> createOrVerify(Admin admin) throws InterruptedException {
        List<String> created = List.copyOf(LedgerTopicsAdmin.createMissing(admin, specs()));
        verifyCoPartitioned(admin);
        return created;
    }

    /** Throws {@link LedgerException} unless every scored input exists with the ledger's partition count. */
    public void verifyCoPartitioned(Admin admin) throws InterruptedException {
        Map<String, Integer> counts = LedgerTopicsAdmin.partitionCounts(admin, topics.coPartitioned());
        List<String> problems = new ArrayList<>();
        for (String input : topics.coPartitioned()) {
            Integer count = counts.get(input);
            if (count == null) {
                problems.add(input + " does not exist");
            } else if (count != config.ledger().partitions()) {
                problems.add(input + " has " + count + " partitions");
            }
        }
        if (!problems.isEmpty()) {
            throw new LedgerException("fraud inputs are not co-partitioned with the ledger's "
                + config.ledger().partitions() + " partitions: " + String.join(", ", problems) + "; refusing to start.");
        }
    }

    private TopicSpec spec(Topic<?, ?> topic, long retentionMs) {
        short replication = config.ledger().replicationFactor();
        return new TopicSpec(topic.name(), config.ledger().partitions(), replication, Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication))));
    }
}
