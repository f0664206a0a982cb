package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A producer gone bad fills the log with one line per reason and one summary per interval, not one line per record. */
class DeadLetterLogTest {

    @Test
    void shouldLogTheFirstOfEachReasonThenOnlyPeriodicSummaries() {
        // Given
        AtomicLong now = new AtomicLong(1_000_000);
        DeadLetterLog log = new DeadLetterLog(now::get);

        // When and then
        assertThat(log.record("t-0@1", "WRONG_PARTITION", "partition 3, expected 1")).contains("WRONG_PARTITION");
        for (int i = 0; i < 500; i++) {
            assertThat(log.record("t-0@" + (i + 2), "WRONG_PARTITION", "again")).isNull();
        }
        assertThat(log.record("t-0@600", "BAD_MAGIC_BYTE", "0x01")).contains("BAD_MAGIC_BYTE");
        now.addAndGet(DeadLetterLog.INTERVAL_MS);
        assertThat(log.record("t-0@601", "WRONG_PARTITION", "again"))
            .isEqualTo("dead letters in the last 30 s: {WRONG_PARTITION=501}");
        assertThat(log.record("t-0@602", "WRONG_PARTITION", "again")).isNull();
    }
}
