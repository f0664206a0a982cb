package dev.hazina.schemas.topics;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits for topics just created to be seen. The controller has created them, but brokers learn of
 * new topics a moment later; a Kafka Streams application started in that moment finds its source
 * topics missing and stops. The ledger's, the fraud stream's and the reconciliation stream's topic
 * admins all wait here before they return.
 */
public final class TopicVisibility {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicVisibility() {
    }

    /** Returns once the broker answering {@code admin} describes every topic in {@code names}; throws after 30 s. */
    public static void await(Admin admin, Set<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " were created but the broker does not show them"
                        + " within " + TIMEOUT.toSeconds() + " s: " + e.getCause().getMessage(), e.getCause());
                }
            }
            Thread.sleep(100);
        }
    }
}
