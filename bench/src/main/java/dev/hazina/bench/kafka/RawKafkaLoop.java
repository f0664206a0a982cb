package dev.hazina.bench.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopology;

/**
 * Raw Kafka, the limit on this box: an exactly-once consume-produce loop with no logic that writes,
 * per transfer, the records Hazina writes ({@link FanOut}), to as many topics and partitions.
 *
 * <p>It runs as its own JVM, with as many threads as the ledger has stream threads, each owning
 * the same partitions a stream thread would (partition {@code p} of both inputs goes to thread
 * {@code p % threads}). Each thread has a read_committed consumer and a transactional producer
 * configured exactly as Kafka Streams configures them for the ledger's settings
 * ({@link StreamsConfig#getProducerConfigs}), and commits every {@code commit.interval.ms}, sending
 * its consumed offsets in the transaction as Streams does.
 *
 * <p>Hop one reads a request and writes its fan-out; its first leg carries the number of results
 * to write when it is read back (hop two), as Hazina's credit step writes the result. So a
 * transfer's result waits for two transactions here too. Headers carry the request's intended send
 * time to the result ({@code t}) and mark the first result ({@code f}).
 *
 * <p>Usage: {@code RawKafkaLoop LEDGER_PROPERTIES FANOUT_FILE}. Stops on SIGTERM or when stdin closes.
 */
public final class RawKafkaLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RawKafkaLoop.class);
    public static final String READY_LINE = "raw kafka loop running";
    static final String INTENDED = "t";
    static final String FIRST = "f";
    static final String RESULTS_OWED = "r";

    private final LedgerConfig config;
    private final FanOut fanOut;
    private final List<Worker> workers = new ArrayList<>();

    RawKafkaLoop(LedgerConfig config, FanOut fanOut) {
        this.config = config;
        this.fanOut = fanOut;
    }

    public static void main(String[] args) throws Exception {
        LedgerConfig config = LedgerConfig.load(Path.of(args[0]), Map.of());
        FanOut fanOut = FanOut.read(Path.of(args[1]));
        RawKafkaLoop loop = new RawKafkaLoop(config, fanOut);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            loop.close();
        }, "raw-loop-shutdown"));
        Thread stdin = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // wait for end-of-file: the benchmark has gone
                }
            } catch (IOException e) {
                // treat as closed
            }
            stop.countDown();
        }, "raw-loop-stdin");
        stdin.setDaemon(true);
        stdin.start();
        loop.start();
        System.out.println(READY_LINE);
        System.out.flush();
        stop.await();
        loop.close();
        System.exit(0);
    }

    void start() throws InterruptedException {
        int threads = config.getInt(LedgerConfig.NUM_STREAM_THREADS_CONFIG);
        int partitions = config.partitions();
        long commitIntervalMs = config.getLong(LedgerConfig.COMMIT_INTERVAL_MS_CONFIG);
        StreamsConfig streams = new StreamsConfig(LedgerTopology.streamsProperties(config));
        CountDownLatch ready = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> owned = new ArrayList<>();
            for (int p = t; p < partitions; p += threads) {
                owned.add(new TopicPartition(FanOut.REQUESTS, p));
                owned.add(new TopicPartition(FanOut.LEGS, p));
            }
            Worker worker = new Worker(t, owned, producerConfig(streams, t), commitIntervalMs, ready);
            workers.add(worker);
            worker.thread.start();
        }
        ready.await();
    }

    private Map<String, Object> producerConfig(StreamsConfig streams, int thread) {
        Map<String, Object> producer = new HashMap<>(streams.getProducerConfigs("raw-loop-" + thread));
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "raw-loop-" + thread);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return producer;
    }

    private Map<String, Object> consumerConfig(int thread) {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-loop");
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "raw-loop-consumer-" + thread);
        // Kafka Streams' own consumer defaults under exactly-once.
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return consumer;
    }

    void close() {
        workers.forEach(Worker::stop);
        for (Worker worker : workers) {
            try {
                worker.thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One thread: its partitions, its consumer and its transactional producer. */
    private final class Worker {

        private final Thread thread;
        private final List<TopicPartition> owned;
        private final Map<String, Object> producerConfig;
        private final long commitIntervalMs;
        private final CountDownLatch ready;
        private final double[] owedCounts;
        private final byte[][] values;
        private final int resultsIndex;
        private KafkaConsumer<byte[], byte[]> consumer;
        private volatile boolean running = true;

        Worker(int index, List<TopicPartition> owned, Map<String, Object> producerConfig, long commitIntervalMs,
               CountDownLatch ready) {
            this.owned = owned;
            this.producerConfig = producerConfig;
            this.commitIntervalMs = commitIntervalMs;
            this.ready = ready;
            this.owedCounts = new double[fanOut.outputs().size()];
            this.values = new byte[fanOut.outputs().size()][];
            Random random = new Random(index);
            for (int i = 0; i < values.length; i++) {
                // Incompressible filler of the measured size, less a typical 12-byte account key.
                values[i] = new byte[Math.max(1, fanOut.outputs().get(i).bytes() - 12)];
                random.nextBytes(values[i]);
            }
            this.resultsIndex = indexOf(FanOut.RESULTS);
            this.thread = new Thread(() -> run(index), "raw-loop-" + index);
        }

        private void run(int index) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer());
                 KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(index), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
                consumer = c;
                producer.initTransactions();
                consumer.assign(owned);
                ready.countDown();
                loop(producer);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                LOG.error("raw loop thread {} failed", index, e);
                ready.countDown();
                Runtime.getRuntime().halt(1);
            }
        }

        private void loop(KafkaProducer<byte[], byte[]> producer) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            boolean open = false;
            long lastCommit = System.currentTimeMillis();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(10));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (!open) {
                        producer.beginTransaction();
                        open = true;
                    }
                    if (record.topic().equals(FanOut.REQUESTS)) {
                        request(producer, record);
                    } else {
                        leg(producer, record);
                    }
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                }
                long now = System.currentTimeMillis();
                if (open && now - lastCommit >= commitIntervalMs) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    offsets.clear();
                    open = false;
                    lastCommit = now;
                }
            }
            if (open) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }

        /** Hop one: every output but the results, which the first leg carries on. */
        private void request(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record) {
            int results = 0;
            int legIndex = -1;
            int legs = 0;
            for (int i = 0; i < owedCounts.length; i++) {
                FanOut.Output output = fanOut.outputs().get(i);
                int n = take(i);
                if (output.topic().equals(FanOut.RESULTS)) {
                    results = Math.max(1, n);
                } else if (output.topic().equals(FanOut.LEGS)) {
                    legIndex = i;
                    legs = n;
                } else {
                    for (int k = 0; k < n; k++) {
                        producer.send(new ProducerRecord<>(output.topic(), record.key(), values[i]));
                    }
                }
            }
            Header intended = record.headers().lastHeader(INTENDED);
            if (legs == 0) {
                results(producer, record.key(), intended, results);
                return;
            }
            for (int k = 0; k < legs; k++) {
                RecordHeaders headers = new RecordHeaders();
                if (k == 0) {
                    headers.add(intended);
                    headers.add(RESULTS_OWED, new byte[] {(byte) results});
                }
                producer.send(new ProducerRecord<>(FanOut.LEGS, null, record.key(), values[legIndex], headers));
            }
        }

        /** Hop two: the leg that carries the results writes them. */
        private void leg(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record) {
            Header owed = record.headers().lastHeader(RESULTS_OWED);
            if (owed != null) {
                results(producer, record.key(), record.headers().lastHeader(INTENDED), owed.value()[0]);
            }
        }

        private void results(KafkaProducer<byte[], byte[]> producer, byte[] key, Header intended, int count) {
            for (int k = 0; k < count; k++) {
                RecordHeaders headers = new RecordHeaders();
                if (k == 0 && intended != null) {
                    headers.add(intended);
                    headers.add(FIRST, new byte[0]);
                }
                producer.send(new ProducerRecord<>(FanOut.RESULTS, null, key, values[resultsIndex], headers));
            }
        }

        /** The whole records due for output {@code i} on this transfer: mean per transfer, carried over. */
        private int take(int i) {
            owedCounts[i] += fanOut.outputs().get(i).perTransfer();
            int n = (int) owedCounts[i];
            owedCounts[i] -= n;
            return n;
        }

        private int indexOf(String topic) {
            for (int i = 0; i < fanOut.outputs().size(); i++) {
                if (fanOut.outputs().get(i).topic().equals(topic)) {
                    return i;
                }
            }
            throw new IllegalStateException("no output " + topic);
        }

        void stop() {
            running = false;
        }
    }

}
