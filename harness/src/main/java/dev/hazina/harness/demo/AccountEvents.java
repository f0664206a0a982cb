package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.harness.TopicTailer;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/** Waits for the ledger to answer account commands. */
final class AccountEvents {

    private AccountEvents() {
    }

    /** Blocks until {@code count} accepted events are on the topic; fails after {@code timeout}. */
    static void await(LedgerConfig config, int count, Duration timeout, IntConsumer progress) {
        Topic<String, AccountEvent> topic = LedgerTopics.from(config).accountEvents();
        Deserializer<AccountEvent> events = topic.valueSerde().deserializer();
        long accepted = TopicTailer.countFromBeginning(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()), topic.name(),
            Duration.ofMillis(100), record -> events.deserialize(topic.name(), record.value()).getAccepted() ? 1 : 0,
            count, timeout, sum -> progress.accept((int) sum));
        if (accepted < count) {
            throw new IllegalStateException("Only " + accepted + " of " + count + " accounts opened within " + timeout);
        }
    }
}
