package dev.hazina.reconciliation.settlement;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigException;

/**
 * When an open window closes by itself: {@code daily@HH:mm}, {@code every <N>m|h} (cut-offs at
 * multiples of N counted from local midnight, restarting each day) or {@code never}, in a time zone.
 * The cut-off of a window is the first one strictly after it opened.
 */
public final class SettlementSchedule {

    private static final Pattern DAILY = Pattern.compile("daily@(\\d{2}:\\d{2})");
    private static final Pattern EVERY = Pattern.compile("every\\s*(\\d+)\\s*([mh])");

    private final String text;
    private final ZoneId zone;
    private final LocalTime dailyAt;
    private final Duration every;

    private SettlementSchedule(String text, ZoneId zone, LocalTime dailyAt, Duration every) {
        this.text = text;
        this.zone = zone;
        this.dailyAt = dailyAt;
        this.every = every;
    }

    public static SettlementSchedule parse(String text, ZoneId zone) {
        String spec = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (spec.equals("never")) {
            return new SettlementSchedule(spec, zone, null, null);
        }
        Matcher daily = DAILY.matcher(spec);
        if (daily.matches()) {
            try {
                return new SettlementSchedule(spec, zone, LocalTime.parse(daily.group(1)), null);
            } catch (DateTimeParseException e) {
                throw new ConfigException(SettlementConfig.SCHEDULE_CONFIG, text, "not a time of day: " + daily.group(1));
            }
        }
        Matcher every = EVERY.matcher(spec);
        if (every.matches()) {
            long n = Long.parseLong(every.group(1));
            Duration interval = every.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofMinutes(n);
            if (n < 1 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new ConfigException(SettlementConfig.SCHEDULE_CONFIG, text, "the interval must be 1 minute to 24 hours");
            }
            return new SettlementSchedule(spec, zone, null, interval);
        }
        throw new ConfigException(SettlementConfig.SCHEDULE_CONFIG, text, "expected daily@HH:mm, every <N>m, every <N>h or never");
    }

    /** The first cut-off strictly after {@code openedAt} (epoch ms), or {@code Long.MAX_VALUE} for never. */
    public long cutoffAfter(long openedAt) {
        if (dailyAt == null && every == null) {
            return Long.MAX_VALUE;
        }
        ZonedDateTime opened = Instant.ofEpochMilli(openedAt).atZone(zone);
        ZonedDateTime midnight = opened.toLocalDate().atStartOfDay(zone);
        ZonedDateTime cutoff;
        if (dailyAt != null) {
            cutoff = opened.toLocalDate().atTime(dailyAt).atZone(zone);
            if (!cutoff.isAfter(opened)) {
                cutoff = opened.toLocalDate().plusDays(1).atTime(dailyAt).atZone(zone);
            }
        } else {
            long sinceMidnight = Duration.between(midnight, opened).toMillis();
            long slots = sinceMidnight / every.toMillis() + 1;
            cutoff = midnight.plus(every.multipliedBy(slots));
            ZonedDateTime nextMidnight = opened.toLocalDate().plusDays(1).atStartOfDay(zone);
            if (cutoff.isAfter(nextMidnight)) {
                cutoff = nextMidnight;
            }
        }
        return cutoff.toInstant().toEpochMilli();
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }
}
