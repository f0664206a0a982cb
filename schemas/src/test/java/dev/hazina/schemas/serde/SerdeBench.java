package dev.hazina.schemas.serde;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.avro.specific.SpecificRecord;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.registry.MockSchemaRegistry;

/**
 * Cost per record of AvroSerde (serialize, deserialize, both) for TransferRequest and LedgerEntry,
 * single thread, with an in-process registry (ids cached after the first record, as in production).
 * A plain timing loop with warm-up, not JMH: figures are indicative (noise of a shared 2-core box).
 * Not a test and never run by the build:
 * {@code mvn -q -pl schemas test-compile exec:java@serde-bench} (optional args: warm-up seconds,
 * measured iterations of one second each).
 */
public final class SerdeBench {

    private static final String SCOPE = "serde-bench";
    private static volatile long sink;

    private SerdeBench() {
    }

    public static void main(String[] args) {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE);
        System.out.printf("SerdeBench: Java %s, %d cores, warm-up %d s, %d x 1 s measured (median ns/op)%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmupSeconds, iterations);
        System.out.printf("%-16s %7s %14s %16s %15s %18s%n", "record", "bytes", "serialize ns", "deserialize ns",
            "round trip ns", "round trip B alloc");
        bench("TransferRequest", TransferRequest.class, SampleRecords::transferRequest, config, warmupSeconds, iterations);
        bench("LedgerEntry", LedgerEntry.class, SampleRecords::ledgerEntry, config, warmupSeconds, iterations);
        MockSchemaRegistry.dropScope(SCOPE);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static <T extends SpecificRecord> void bench(String name, Class<T> type, Supplier<T> sample,
                                                         Map<String, Object> config, int warmupSeconds, int iterations) {
        AvroSerde<T> serde = AvroSerde.forValues(type, config);
        String topic = "bench." + name;
        T record = sample.get();
        byte[] bytes = serde.serializer().serialize(topic, record);
        Runnable serialize = () -> sink += serde.serializer().serialize(topic, record).length;
        Runnable deserialize = () -> sink += serde.deserializer().deserialize(topic, bytes).hashCode();
        Runnable roundTrip = () -> sink += serde.deserializer()
            .deserialize(topic, serde.serializer().serialize(topic, record)).hashCode();
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            loop(serialize, 10_000);
            loop(deserialize, 10_000);
            loop(roundTrip, 10_000);
        }
        System.out.printf("%-16s %7d %14.0f %16.0f %15.0f %18d%n", name, bytes.length,
            median(serialize, iterations), median(deserialize, iterations), median(roundTrip, iterations),
            allocatedPerOp(roundTrip));
    }

    private static double median(Runnable op, int iterations) {
        double[] nsPerOp = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long ops = 0;
            long start = System.nanoTime();
            long end = start + 1_000_000_000L;
            long now;
            do {
                loop(op, 1_000);
                ops += 1_000;
                now = System.nanoTime();
            } while (now < end);
            nsPerOp[i] = (double) (now - start) / ops;
        }
        Arrays.sort(nsPerOp);
        return nsPerOp[iterations / 2];
    }

    private static long allocatedPerOp(Runnable op) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int ops = 100_000;
        long before = threads.getThreadAllocatedBytes(id);
        loop(op, ops);
        return (threads.getThreadAllocatedBytes(id) - before) / ops;
    }

    private static void loop(Runnable op, int times) {
        for (int i = 0; i < times; i++) {
            op.run();
        }
    }
}
