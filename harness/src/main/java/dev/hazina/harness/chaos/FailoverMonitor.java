package dev.hazina.harness.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long the ledger stops processing after a failure: the time from the event (a
 * {@code kill -9}, a broker crash, a graceful stop) until every partition of the requests topic and of
 * the internal legs topic is processed again.
 *
 * <p>Method: the ledger's consumer group ({@code application.id}) commits its input offsets in each
 * exactly-once transaction, every {@code commit.interval.ms} while a task has input. The monitor polls
 * the group's committed offsets every {@value #POLL_MILLIS} ms. It takes a baseline one second after
 * the event (by then a commit that was in flight when the process died has landed or never will), and
 * a partition has resumed when its committed offset passes the baseline. The failover time is the
 * latest of those, minus the event time.
 *
 * <p>Both inputs matter. The orphaned requests partitions resume once the group has noticed the death
 * (session timeout), a survivor has promoted its standby and the task is running. The legs partitions
 * can stall everywhere, survivors' too: the dead instance's open transaction wrote legs, and
 * read_committed consumers cannot read past it until the broker aborts it (transaction timeout) or a
 * restarted instance with the same transactional id fences it. Completing a transfer needs its legs,
 * so a channel waits for the later of the two. It needs steady input on every partition, which the
 * chaos load provides; the resolution is about the poll interval.
 */
final class FailoverMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverMonitor.class);
    static final long POLL_MILLIS = 200;
    private static final long BASELINE_DELAY_MILLIS = 1_000;
    private static final int REQUEST_TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final int partitions;

    FailoverMonitor(String bootstrapServers, String groupId, List<String> topics, int partitions) {
        this.admin = Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG, "hazina-chaos-failover-monitor",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS));
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.partitions = partitions;
    }

    /**
     * Blocks until every partition has resumed after an event at {@code eventAtMs} (epoch millis), and
     * returns the time that took; empty when some partition has not resumed within {@code timeout}, or
     * as soon as {@code underLoad} turns false (without input nothing can resume).
     */
    Optional<Duration> awaitResumed(long eventAtMs, Duration timeout, BooleanSupplier underLoad)
            throws InterruptedException {
        long deadline = eventAtMs + timeout.toMillis();
        FaultSchedule.sleepUntil(eventAtMs + BASELINE_DELAY_MILLIS);
        Map<TopicPartition, Long> baseline = null;
        while (baseline == null && System.currentTimeMillis() < deadline) {
            baseline = committed();
            if (baseline == null) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        if (baseline == null) {
            return Optional.empty();
        }
        Map<TopicPartition, Long> resumedAt = new HashMap<>();
        int watched = partitions * topics.size();
        while (System.currentTimeMillis() < deadline && underLoad.getAsBoolean()) {
            Map<TopicPartition, Long> now = committed();
            long seenAt = System.currentTimeMillis();
            if (now != null) {
                for (String topic : topics) {
                    for (int p = 0; p < partitions; p++) {
                        TopicPartition tp = new TopicPartition(topic, p);
                        Long offset = now.get(tp);
                        Long before = baseline.get(tp);
                        if (!resumedAt.containsKey(tp) && offset != null && (before == null || offset > before)) {
                            resumedAt.put(tp, seenAt);
                        }
                    }
                }
                if (resumedAt.size() == watched) {
                    long last = resumedAt.values().stream().mapToLong(Long::longValue).max().orElse(seenAt);
                    return Optional.of(Duration.ofMillis(last - eventAtMs));
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        LOG.warn("Partitions of {} still stalled {} after the event{}: resumed {} of {}", topics,
            Duration.ofMillis(System.currentTimeMillis() - eventAtMs), underLoad.getAsBoolean() ? "" : " (the load is over)",
            resumedAt.size(), watched);
        return Optional.empty();
    }

    /** The group's committed offsets on the watched topics, or null when the broker did not answer. */
    private Map<TopicPartition, Long> committed() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> byPartition = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (topics.contains(tp.topic()) && offset != null) {
                    byPartition.put(tp, offset.offset());
                }
            });
            return byPartition;
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Cannot read committed offsets of {}: {}", groupId, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
