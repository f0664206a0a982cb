package dev.hazina.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void shouldCountUserNiceSystemIrqSoftirqAndStealButNotIdleOrIowait() {
        // user 100, nice 20, system 30, idle 5000, iowait 40, irq 1, softirq 2, steal 7 ticks
        assertThat(MachineCpu.parse("cpu  100 20 30 5000 40 1 2 7 0 0")).isEqualTo(1.6);
    }

    @Test
    void shouldCountWhatTheMeasuredProcessesDidNotUseAsOthers() {
        List<ProcessSampler.Usage> ours = List.of(new ProcessSampler.Usage("broker", 1, 0.7, 42, 500, 500),
            new ProcessSampler.Usage("ledger", 2, 0.9, 54, 600, 600));

        assertThat(ProcessSampler.othersCores(1.95, ours)).isEqualTo(0.35);
        assertThat(ProcessSampler.othersCores(1.5, ours)).isZero();
        assertThat(ProcessSampler.othersCores(-1, ours)).isEqualTo(-1);
    }
}
