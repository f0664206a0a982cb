package dev.hazina.harness.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;

import dev.hazina.app.ChannelProducer;

/**
 * Open-loop load: record {@code i} is due at {@code start + i / rate}, whether or not the ledger
 * has kept up, and carries that intended time as its {@code requestedAt}. Latency measured from
 * it cannot hide a stall behind slow sends (no coordinated omission).
 */
public final class LoadDriver {

    /** What was sent, and when the load ran. */
    public record Sent(List<TrafficRecord> records, long startedAtMs, long finishedAtMs) {
    }

    private LoadDriver() {
    }

    public static Sent run(ChannelProducer producer, TrafficGenerator traffic, int count, int ratePerSecond,
                           IntConsumer progress) {
        return run(producer, traffic::next, count, ratePerSecond, progress);
    }

    /** As above, from any source of records (e.g. a {@link ScenarioMix}), given each record's intended send time. */
    public static Sent run(ChannelProducer producer, LongFunction<TrafficRecord> traffic, int count, int ratePerSecond,
                           IntConsumer progress) {
        List<TrafficRecord> sent = new ArrayList<>(count);
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            long dueNanos = startNanos + (long) i * 1_000_000_000L / ratePerSecond;
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            TrafficRecord record = traffic.apply(startMillis + (dueNanos - startNanos) / 1_000_000L);
            record.sendWith(producer);
            sent.add(record);
            if (i % 100 == 99) {
                progress.accept(i + 1);
            }
        }
        producer.flush();
        progress.accept(count);
        return new Sent(sent, startMillis, System.currentTimeMillis());
    }
}
