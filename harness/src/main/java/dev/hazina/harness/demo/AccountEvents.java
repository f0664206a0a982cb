package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** Waits for the ledger to answer account commands. */
final class AccountEvents {

    private AccountEvents() {
    }

    /** Blocks until {@code count} accepted events are on the topic; fails after {@code timeout}. */
    static void await(LedgerConfig config, int count, Duration timeout, IntConsumer progress) {
        String topic = config.topicName(TopicName.ACCOUNT_EVENTS);
        Deserializer<AccountEvent> events = AvroSerde.forValues(AccountEvent.class, config.serdeConfig()).deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            int accepted = 0;
            while (accepted < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + accepted + " of " + count + " accounts opened within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (events.deserialize(topic, record.value()).getAccepted()) {
                        accepted++;
                    }
                }
                progress.accept(accepted);
            }
        }
    }
}
