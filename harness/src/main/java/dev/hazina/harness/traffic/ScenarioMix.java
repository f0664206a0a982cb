package dev.hazina.harness.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.concurrent.locks.LockSupport;

import dev.hazina.app.ChannelProducer;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TransferRequest;

/**
 * Clean traffic with fraud scenarios interleaved: scenario {@code k} starts at the record
 * {@code k / share} of the load, and each of its steps takes the place of the clean record due at or
 * after the step's time, dated with that record's time. The clean generator is only asked for the
 * other records, so its mix is untouched. Telco signals go to {@code telco} as they fall due.
 * Steps still due when the load ends are sent by {@link #sendRemaining}. Not thread-safe.
 */
public final class ScenarioMix implements LongFunction<TrafficRecord> {

    private record Due(long at, long order, FraudScenarios.Step step) {
    }

    private final LongFunction<TrafficRecord> clean;
    private final List<FraudScenarios.Scenario> scenarios;
    private final double share;
    private final Consumer<TelcoEvent> telco;
    private final PriorityQueue<Due> due = new PriorityQueue<>(
        Comparator.comparingLong(Due::at).thenComparingLong(Due::order));
    private long records;
    private long order;
    private int started;

    public ScenarioMix(LongFunction<TrafficRecord> clean, List<FraudScenarios.Scenario> scenarios, double share,
                       Consumer<TelcoEvent> telco) {
        if (!scenarios.isEmpty() && !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1] when there are scenarios: " + share);
        }
        this.clean = clean;
        this.scenarios = scenarios;
        this.share = share;
        this.telco = telco;
    }

    @Override
    public TrafficRecord apply(long requestedAt) {
        TrafficRecord record = next(requestedAt);
        records++;
        return record;
    }

    private TrafficRecord next(long requestedAt) {
        while (started < scenarios.size() && records >= (long) Math.floor(started / share)) {
            FraudScenarios.Scenario scenario = scenarios.get(started++);
            scenario.steps().forEach(step -> due.add(new Due(requestedAt + step.offsetMs(), order++, step)));
        }
        while (!due.isEmpty() && due.peek().at() <= requestedAt) {
            TrafficRecord record = emit(due.poll().step(), requestedAt);
            if (record != null) {
                return record;
            }
        }
        return clean.apply(requestedAt);
    }

    /** The step's transfer dated {@code at}, or null once its telco signal is sent. */
    private TrafficRecord emit(FraudScenarios.Step step, long at) {
        if (step.telco() != null) {
            telco.accept(TelcoEvent.newBuilder(step.telco()).setOccurredAt(at).build());
            return null;
        }
        TrafficRecord transfer = step.transfer();
        TransferRequest dated = TransferRequest.newBuilder(transfer.request()).setRequestedAt(at).build();
        return new TrafficRecord(transfer.key(), dated, null, transfer.type());
    }

    /** Scenarios not started yet (a load shorter than the share allows for), then started and still due. */
    public int pending() {
        return scenarios.size() - started + due.size();
    }

    /**
     * Starts the scenarios the load did not reach and sends every step still due, each at its time
     * (open loop, as {@link LoadDriver} does); returns the transfers sent.
     */
    public List<TrafficRecord> sendRemaining(ChannelProducer producer) {
        List<TrafficRecord> sent = new ArrayList<>();
        long now = System.currentTimeMillis();
        while (started < scenarios.size()) {
            scenarios.get(started++).steps().forEach(step -> due.add(new Due(now + step.offsetMs(), order++, step)));
        }
        while (!due.isEmpty()) {
            Due next = due.poll();
            long wait = next.at() - System.currentTimeMillis();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000_000L);
            }
            TrafficRecord record = emit(next.step(), next.at());
            if (record != null) {
                record.sendWith(producer);
                sent.add(record);
            }
        }
        producer.flush();
        return sent;
    }
}
