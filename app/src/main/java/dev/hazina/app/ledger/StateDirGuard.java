package dev.hazina.app.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Local state is a cache of the cluster's changelogs, so it may only be used against the cluster
 * and topics it was built from. The state directory records the cluster id and the topic ids of the
 * ledger's inputs; state built against anything else (a rebuilt broker, recreated topics) would make
 * the offset watermark skip the new cluster's records, so it is wiped and the stores restore from
 * this cluster's changelogs.
 */
final class StateDirGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StateDirGuard.class);
    private static final String FILE = "hazina-cluster.properties";
    private static final List<TopicName> INPUTS = List.of(TopicName.TRANSFER_REQUESTS, TopicName.OPERATOR_REQUESTS,
        TopicName.ACCOUNT_COMMANDS, TopicName.LEDGER_LEGS, TopicName.ACCOUNT_RISK);

    private final Path marker;
    private final Map<String, String> cluster;

    private StateDirGuard(Path marker, Map<String, String> cluster) {
        this.marker = marker;
        this.cluster = cluster;
    }

    /** The guard for {@code config}'s state directory against the cluster {@code admin} talks to. */
    static StateDirGuard of(LedgerConfig config, Admin admin) throws InterruptedException {
        Map<String, String> cluster = new TreeMap<>();
        try {
            cluster.put("cluster.id", admin.describeCluster().clusterId().get());
            List<String> topics = INPUTS.stream().map(config::topicName).toList();
            for (Map.Entry<String, TopicDescription> topic : admin.describeTopics(topics).allTopicNames().get().entrySet()) {
                cluster.put("topic." + topic.getKey(), topic.getValue().topicId().toString());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the cluster to check the state directory", e.getCause());
        }
        return new StateDirGuard(LedgerRunner.stateDir(config).resolve(FILE), cluster);
    }

    /** True when the state directory holds state built against another cluster or other topics. */
    boolean isForeign() {
        if (!Files.exists(marker)) {
            return false;
        }
        Map<String, String> recorded = new TreeMap<>();
        read().forEach((key, value) -> recorded.put((String) key, (String) value));
        if (recorded.equals(cluster)) {
            return false;
        }
        LOG.warn("State directory {} was built against {}, but this cluster is {}: wiping it, so the stores restore "
            + "from this cluster's changelogs", marker.getParent(), recorded, cluster);
        return true;
    }

    /** Records the cluster the state directory now belongs to. */
    void record() {
        Properties properties = new Properties();
        properties.putAll(cluster);
        try {
            Files.createDirectories(marker.getParent());
            try (Writer out = Files.newBufferedWriter(marker)) {
                properties.store(out, "The cluster and topics this ledger state was built from");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + marker, e);
        }
    }

    private Properties read() {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(marker)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + marker, e);
        }
        return properties;
    }
}
