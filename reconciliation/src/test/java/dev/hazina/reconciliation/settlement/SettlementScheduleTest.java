package dev.hazina.reconciliation.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SettlementScheduleTest {

    private static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldCutDailyAtTheLocalTimeAfterTheWindowOpened() {
        // Given
        SettlementSchedule schedule = SettlementSchedule.parse("daily@18:30", NAIROBI);

        // Then: 18:30 Nairobi is 15:30 UTC
        assertThat(schedule.cutoffAfter(at("2026-03-03T06:00:00Z"))).isEqualTo(at("2026-03-03T15:30:00Z"));
        assertThat(schedule.cutoffAfter(at("2026-03-03T15:30:00Z"))).isEqualTo(at("2026-03-04T15:30:00Z"));
        assertThat(schedule.cutoffAfter(at("2026-03-03T16:00:00Z"))).isEqualTo(at("2026-03-04T15:30:00Z"));
    }

    @Test
    void shouldCutEveryNMinutesCountedFromLocalMidnight() {
        // Given
        SettlementSchedule schedule = SettlementSchedule.parse("every 45m", NAIROBI);

        // Then: opened 09:05 Nairobi; slots at 09:00, 09:45 local
        assertThat(schedule.cutoffAfter(at("2026-03-03T06:05:00Z"))).isEqualTo(at("2026-03-03T06:45:00Z"));
        // 23:50 Nairobi: the next slot would be past midnight, so the day's last window ends at midnight
        assertThat(schedule.cutoffAfter(at("2026-03-03T20:50:00Z"))).isEqualTo(at("2026-03-03T21:00:00Z"));
        assertThat(SettlementSchedule.parse("every 2h", NAIROBI).cutoffAfter(at("2026-03-03T06:05:00Z")))
            .isEqualTo(at("2026-03-03T07:00:00Z"));
        assertThat(SettlementSchedule.parse("never", NAIROBI).cutoffAfter(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRefuseSchedulesItCannotRead() {
        for (String bad : new String[] {"daily@25:00", "hourly", "every 0m", "every 25h", "daily 00:00"}) {
            assertThatThrownBy(() -> SettlementSchedule.parse(bad, NAIROBI)).as(bad).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SettlementConfig.SCHEDULE_CONFIG);
        }
    }
}
