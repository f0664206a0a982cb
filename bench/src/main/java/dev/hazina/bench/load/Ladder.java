package dev.hazina.bench.load;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.traffic.TrafficGenerator;

/**
 * Finds the highest rate a system sustains: steps up through the given rates until one fails,
 * then bisects between the last rate that held and the first that did not ({@code refine} times).
 * If the first rate already fails, it halves it (twice at most) to find one that holds.
 */
public final class Ladder {

    private static final Logger LOG = LoggerFactory.getLogger(Ladder.class);
    private static final int GRANULE = 250;

    /** The steps run, in order, and the highest sustained rate (0 if none held). */
    public record Result(List<StepResult> steps, int maxSustainedTps) {

        /** The step at the highest sustained rate, or null. */
        public StepResult maxStep() {
            return steps.stream().filter(s -> s.sustained() && s.targetTps() == maxSustainedTps).findFirst().orElse(null);
        }

        /** The first step that did not hold, or null. */
        public StepResult firstFailure() {
            return steps.stream().filter(s -> !s.sustained()).findFirst().orElse(null);
        }
    }

    private final StepRunner runner;
    private final int refine;

    public Ladder(StepRunner runner, int refine) {
        this.runner = runner;
        this.refine = refine;
    }

    public Result climb(SystemUnderTest system, TrafficGenerator traffic, List<Integer> rates) throws Exception {
        List<StepResult> steps = new ArrayList<>();
        int held = 0;
        int failed = 0;
        for (int rate : rates) {
            StepResult step = runner.run(system, traffic, "ramp", rate);
            steps.add(step);
            if (!step.sustained()) {
                failed = rate;
                system.abandonBacklog();
                break;
            }
            held = rate;
        }
        if (held == 0 && failed > 0) {
            int rate = round(failed / 2);
            for (int k = 0; k < 2 && held == 0 && rate < failed; k++, rate = round(rate / 2)) {
                StepResult step = runner.run(system, traffic, "ramp", rate);
                steps.add(step);
                if (step.sustained()) {
                    held = rate;
                } else {
                    failed = rate;
                    system.abandonBacklog();
                }
            }
        }
        for (int i = 0; i < refine && held > 0 && failed > 0; i++) {
            int middle = round((held + failed) / 2);
            if (middle <= held || middle >= failed) {
                break;
            }
            StepResult step = runner.run(system, traffic, "refine", middle);
            steps.add(step);
            if (step.sustained()) {
                held = middle;
            } else {
                failed = middle;
                system.abandonBacklog();
            }
        }
        LOG.info("{}: highest sustained rate {} TPS", system.name(), held);
        return new Result(steps, held);
    }

    /** Rounded to a multiple of 250 TPS, at least 250. */
    static int round(int rate) {
        return Math.max(GRANULE, Math.round(rate / (float) GRANULE) * GRANULE);
    }
}
