package dev.hazina.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * {@code hazina replay rewind}: rewinds the ledger's position on the request topics
 * ({@code hazina.transfer-requests} and {@code hazina.operator-requests}, which share one requestId
 * space) so the next start processes those requests again. Requests inside the dedupe horizon are answered as
 * duplicates and post nothing; older ones are refused with REQUEST_TOO_OLD. Dry run unless
 * {@code --execute}; refused while any ledger instance is running.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true,
    description = {"Rewinds the ledger's committed offsets on the request topics, channels' and operators' "
        + "(the ledger must be stopped). "
        + "Replayed requests are answered from the dedupe store and post nothing twice. Dry run unless --execute."})
final class RewindCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--partition", paramLabel = "P", description = "Partition to rewind; repeat for several (default: all).")
    List<Integer> partitions = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "T", description = "Request topic to rewind: ${COMPLETION-CANDIDATES}; "
        + "repeat for both (default: both).")
    List<RequestTopic> topics = new ArrayList<>();

    enum RequestTopic {
        CHANNEL(TopicName.TRANSFER_REQUESTS), OPERATOR(TopicName.OPERATOR_REQUESTS);

        final TopicName name;

        RequestTopic(TopicName name) {
            this.name = name;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to-offset", paramLabel = "N", description = "Rewind to this offset on each chosen partition "
            + "(past a partition's end: its end).")
        Long offset;

        @Option(names = "--to-time", paramLabel = "T", description = "Rewind to the first record at or after this instant (ISO-8601, e.g. 2026-11-21T08:00:00Z).")
        Instant time;

        @Option(names = "--by-duration", paramLabel = "D", description = "Rewind to this long ago (ISO-8601, e.g. PT1H).")
        Duration ago;
    }

    @Option(names = "--execute", description = "Apply the new offsets (without it, only print them).")
    boolean execute;

    @Override
    public Integer call() throws Exception {
        LedgerConfig ledger = config.load();
        String group = ledger.applicationId();
        try (Admin admin = LedgerRunner.admin(ledger)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                .get(group).get();
            if (!description.members().isEmpty()) {
                spec.commandLine().getErr().println("Refusing: group " + group + " has " + description.members().size()
                    + " active members (state " + description.groupState() + "). Stop every ledger instance first.");
                return 1;
            }
            List<TopicPartition> chosen = new ArrayList<>();
            for (RequestTopic topic : topics.isEmpty() ? List.of(RequestTopic.values()) : topics) {
                chosen.addAll(chosenPartitions(admin, ledger.topicName(topic.name)));
            }
            Map<TopicPartition, OffsetAndMetadata> current = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> wanted = targetOffsets(admin, chosen);
            Instant horizon = Instant.now().minusMillis(ledger.dedupeHorizonMs());
            if (target.time != null && target.time.isBefore(horizon)
                || target.ago != null && target.ago.toMillis() > ledger.dedupeHorizonMs()) {
                spec.commandLine().getErr().println("Warning: the target is older than the dedupe horizon ("
                    + Duration.ofMillis(ledger.dedupeHorizonMs()) + "): requests from before " + horizon
                    + " will be refused REQUEST_TOO_OLD, not posted.");
            }
            Map<TopicPartition, OffsetAndMetadata> updates = new HashMap<>();
            for (TopicPartition partition : chosen) {
                OffsetAndMetadata was = current.get(partition);
                long to = wanted.get(partition);
                spec.commandLine().getOut().printf("%s  %s -> %d%n", partition, was == null ? "none" : was.offset(), to);
                updates.put(partition, new OffsetAndMetadata(to));
            }
            if (!execute) {
                spec.commandLine().getOut().println("Dry run: nothing changed. Add --execute to apply.");
                return 0;
            }
            admin.alterConsumerGroupOffsets(group, updates).all().get();
            spec.commandLine().getOut().println("Offsets rewound. Start the ledger to replay.");
            return 0;
        }
    }

    private List<TopicPartition> chosenPartitions(Admin admin, String topic) throws Exception {
        int count = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        List<TopicPartition> chosen = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if (partitions.isEmpty() || partitions.contains(p)) {
                chosen.add(new TopicPartition(topic, p));
            }
        }
        return chosen;
    }

    private Map<TopicPartition, Long> targetOffsets(Admin admin, List<TopicPartition> chosen) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        chosen.forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        var latest = admin.listOffsets(ends).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (target.offset != null) {
            chosen.forEach(partition -> offsets.put(partition, Math.min(target.offset, latest.get(partition).offset())));
            return offsets;
        }
        long at = target.time != null ? target.time.toEpochMilli() : System.currentTimeMillis() - target.ago.toMillis();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        chosen.forEach(partition -> specs.put(partition, OffsetSpec.forTimestamp(at)));
        var byTime = admin.listOffsets(specs).all().get();
        for (TopicPartition partition : chosen) {
            long offset = byTime.get(partition).offset();
            // No record at or after the time: nothing to replay on this partition.
            offsets.put(partition, offset < 0 ? latest.get(partition).offset() : offset);
        }
        return offsets;
    }
}
