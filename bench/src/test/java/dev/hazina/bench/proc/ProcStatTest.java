package dev.hazina.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  812344 kB\nVmRSS:\t  700100 kB\n";

    @Test
    void shouldAddUserSystemAndReapedChildTimeAndReadMemory() {
        // Given: utime 1500, stime 300, cutime 20, cstime 5 ticks; ppid 7
        String stat = "4242 (java) S 7 4242 7 0 -1 4194560 1 2 3 4 1500 300 20 5 20 0 40 0 100 0 0";

        // When
        ProcStat parsed = ProcStat.parse(4242, stat, STATUS, 650_000);

        // Then
        assertThat(parsed.parentPid()).isEqualTo(7);
        assertThat(parsed.cpuTicks()).isEqualTo(1825);
        assertThat(parsed.cpuSeconds()).isEqualTo(18.25);
        assertThat(parsed.rssKb()).isEqualTo(700_100);
        assertThat(parsed.peakRssKb()).isEqualTo(812_344);
        assertThat(parsed.pssKb()).isEqualTo(650_000);
    }

    @Test
    void shouldParseACommandNameWithSpacesAndParentheses() {
        // Given: a thread-renamed process whose comm holds ") S 1 "
        String stat = "99 (evil) S 1 (x) R 55 99 55 0 -1 0 0 0 0 0 70 30 0 0 20 0 1 0 1 0 0";

        // When
        ProcStat parsed = ProcStat.parse(99, stat, STATUS, -1);

        // Then: fields are read after the last ')'
        assertThat(parsed.parentPid()).isEqualTo(55);
        assertThat(parsed.cpuTicks()).isEqualTo(100);
    }

    @Test
    void shouldReadThisProcessFromProc() {
        // When
        var self = ProcStat.read(ProcessHandle.current().pid());

        // Then
        assertThat(self).isPresent();
        assertThat(self.get().rssKb()).isPositive();
        assertThat(self.get().peakRssKb()).isGreaterThanOrEqualTo(self.get().rssKb());
    }
}
