package dev.hazina.bench.load;

import java.util.List;

import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.bench.proc.MeasuredProcess;

/**
 * One of the systems the benchmark compares. It is started with its population set up and funded,
 * then takes the channel's records at the pacer's rate and reports outcomes to its tracker.
 */
public interface SystemUnderTest extends AutoCloseable {

    /** {@code hazina}, {@code raw-kafka}, {@code postgres} or {@code postgres-async}. */
    String name();

    /** Starts its servers and sets up the population; returns when it can take load. */
    void start() throws Exception;

    /**
     * Sends one record, due at {@code intendedMs}; called from the pacer thread only. Must not block
     * for long: an open-loop channel does not wait for the previous answer.
     */
    void submit(TrafficRecord record, long intendedMs);

    OutcomeTracker tracker();

    /** The processes whose CPU and memory the report accounts to this system. */
    List<MeasuredProcess> processes();

    /** Called after a step's window and drain, with the step's number of records sent; may add detail. */
    default StepDetail afterStep(long sent) throws Exception {
        return StepDetail.NONE;
    }

    /** Called before a step starts: the system's chance to note where it is (e.g. topic end offsets). */
    default void beforeStep() throws Exception {
    }

    /** Gives up on outcomes still owed after a failed step, if the system can (PostgreSQL drops its queue). */
    default void abandonBacklog() {
    }

    @Override
    void close();
}
