package dev.hazina.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's one topic tailer: reads a topic live, as a channel does (read_committed, every
 * partition assigned, no group), from its end as of {@link #fromEnd} on a daemon thread, and hands
 * each record to a {@link Handler} with the time its poll returned. {@link #countFromBeginning} is the
 * blocking variant for set-up: read from the start until enough records have arrived.
 */
public final class TopicTailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTailer.class);

    /** What to do with each record; {@code seenAt} is when the poll that returned it returned. */
    @FunctionalInterface
    public interface Handler {
        void accept(ConsumerRecord<byte[], byte[]> record, long seenAt);
    }

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration pollTimeout;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private TopicTailer(String name, KafkaConsumer<byte[], byte[]> consumer, Duration pollTimeout, Handler handler) {
        this.name = name;
        this.consumer = consumer;
        this.pollTimeout = pollTimeout;
        this.handler = handler;
        this.thread = new Thread(this::tail, name);
        thread.setDaemon(true);
    }

    /**
     * Tails {@code topic} from its end on a daemon thread named {@code name}; {@code clientConfig} holds
     * the bootstrap servers and any other consumer settings (client id, max.poll.records).
     */
    public static TopicTailer fromEnd(Map<String, Object> clientConfig, String topic, String name, Duration pollTimeout,
                                      Handler handler) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(clientConfig);
        List<TopicPartition> partitions = assignAll(consumer, topic);
        consumer.seekToEnd(partitions);
        // Resolve the end now, so nothing written after this returns can slip past.
        partitions.forEach(consumer::position);
        TopicTailer tailer = new TopicTailer(name, consumer, pollTimeout, handler);
        tailer.thread.start();
        return tailer;
    }

    /**
     * Reads {@code topic} from its beginning until the records' {@code weight}s add up to {@code target}
     * or {@code timeout} passes, telling {@code progress} the sum after every poll. Returns the sum, which
     * is less than {@code target} only when the time ran out.
     */
    public static long countFromBeginning(Map<String, Object> clientConfig, String topic, Duration pollTimeout,
                                          ToLongFunction<ConsumerRecord<byte[], byte[]>> weight, long target,
                                          Duration timeout, LongConsumer progress) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clientConfig)) {
            consumer.seekToBeginning(assignAll(consumer, topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long sum = 0;
            while (sum < target) {
                if (System.nanoTime() > deadline) {
                    return sum;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                    sum += weight.applyAsLong(record);
                }
                progress.accept(sum);
            }
            return sum;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> clientConfig) {
        Map<String, Object> settings = new HashMap<>(clientConfig);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        consumer.assign(partitions);
        return partitions;
    }

    private void tail() {
        try {
            while (running) {
                var records = consumer.poll(pollTimeout);
                long seenAt = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handler.accept(record, seenAt);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("{} stopped", name, e);
        }
    }

    /** The error that stopped the tailer, or null. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
