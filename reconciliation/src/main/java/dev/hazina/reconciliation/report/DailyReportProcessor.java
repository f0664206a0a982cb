package dev.hazina.reconciliation.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DailyReportStatus;

/**
 * Adds each regrouped {@link ReportPart} to its day's {@link Figures} and publishes the day's report.
 * <ul>
 *   <li>FINAL: as soon as the currency's business clock (the latest postedAt of its entries) passes
 *       the day's end plus {@code hazina.report.grace.ms}, in the same step as the entry that moved it.</li>
 *   <li>PROVISIONAL: every {@code hazina.report.provisional.interval.ms} (wall clock), for each day not
 *       yet final whose figures changed since it was last published.</li>
 *   <li>A revision of a FINAL report: on the same punctuation, when figures of a final day changed (a
 *       late trust statement, dead letter or entry; a late entry also revises every later day, whose
 *       opening it moved).</li>
 * </ul>
 * Each publication carries the next revision, kept in a store, so under exactly-once a replay
 * never publishes two different reports under one revision.
 * Input: the report parts repartitions ({@code reconciliation-report-entry-parts} and
 * {@code reconciliation-report-other-parts}, one partition each, keyed by currency). Output: {@code hazina.daily-reports}, keyed by currency:yyyy-MM-dd.
 * Stores: {@link ReportStores#FIGURES}, {@link ReportStores#REPORTS}, {@link ReportStores#CLOCKS},
 * {@link ReportStores#CHANGED}.
 *
 * <p>Caveat: a day with no figures at all gets no report; the opening sums every earlier day's
 * figures, so publishing costs one store scan per day of history.
 */
final class DailyReportProcessor implements Processor<String, ReportPart, String, DailyReport> {

    private final ZoneId zone;
    private final long graceMs;
    private final long intervalMs;
    private ProcessorContext<String, DailyReport> context;
    private KeyValueStore<String, Figures> figures;
    private KeyValueStore<String, ReportState> reports;
    private KeyValueStore<String, BusinessClock> clocks;
    private KeyValueStore<String, Long> changed;

    DailyReportProcessor(ZoneId zone, long graceMs, long intervalMs) {
        this.zone = zone;
        this.graceMs = graceMs;
        this.intervalMs = intervalMs;
    }

    @Override
    public void init(ProcessorContext<String, DailyReport> context) {
        this.context = context;
        figures = context.getStateStore(ReportStores.FIGURES);
        reports = context.getStateStore(ReportStores.REPORTS);
        clocks = context.getStateStore(ReportStores.CLOCKS);
        changed = context.getStateStore(ReportStores.CHANGED);
        context.schedule(Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    }

    @Override
    public void process(Record<String, ReportPart> record) {
        ReportPart part = record.value();
        if (part == null) {
            return;
        }
        String id = part.reportId();
        Figures before = figures.get(id);
        figures.put(id, (before == null ? Figures.empty() : before).plus(part));
        if (part.currency().equals(ReportPart.ALL_CURRENCIES)) {
            // Shared figures show in every currency's report of that day.
            try (KeyValueIterator<String, BusinessClock> all = clocks.all()) {
                all.forEachRemaining(kv -> markChanged(kv.key + ":" + part.day()));
            }
            return;
        }
        changed.put(id, part.time());
        BusinessClock clock = clocks.get(part.currency());
        clock = clock == null ? BusinessClock.START : clock;
        if (part.ledgerClock()) {
            if (clock.isFinal(part.day())) {
                laterDaysChanged(part.currency(), id);
            }
            clock = clock.at(part.time());
        }
        makeFinal(part.currency(), clock);
    }

    private void markChanged(String id) {
        if (figures.get(id) != null) {
            changed.put(id, 0L);
        }
    }

    /** A late entry moved the opening of every later day already reported. */
    private void laterDaysChanged(String currency, String id) {
        List<String> later = new ArrayList<>();
        try (KeyValueIterator<String, ReportState> range = reports.range(id, currency + ";")) {
            range.forEachRemaining(kv -> later.add(kv.key));
        }
        later.forEach(day -> changed.put(day, 0L));
    }

    /** Publishes FINAL every day of {@code currency} that ends more than the grace before its clock. */
    private void makeFinal(String currency, BusinessClock clock) {
        if (clock.asOf() == Long.MIN_VALUE) {
            // No entry of this currency yet: its clock has not started.
            clocks.put(currency, clock);
            return;
        }
        String closable = LocalDate.ofInstant(Instant.ofEpochMilli(clock.asOf() - graceMs), zone).minusDays(1).toString();
        if (clock.isFinal(closable)) {
            clocks.put(currency, clock);
            return;
        }
        List<String> days = new ArrayList<>();
        try (KeyValueIterator<String, Figures> range = figures.range(currency + ":", currency + ":" + closable)) {
            range.forEachRemaining(kv -> {
                if (!clock.isFinal(day(kv.key))) {
                    days.add(kv.key);
                }
            });
        }
        clocks.put(currency, clock.finalThrough(closable));
        days.forEach(id -> publish(id, DailyReportStatus.FINAL));
    }

    private void publishChanged(long now) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = changed.all()) {
            all.forEachRemaining(kv -> ids.add(kv.key));
        }
        for (String id : ids) {
            BusinessClock clock = clocks.get(currency(id));
            boolean dayFinal = clock != null && clock.isFinal(day(id));
            publish(id, dayFinal ? DailyReportStatus.FINAL : DailyReportStatus.PROVISIONAL);
        }
    }

    private void publish(String id, DailyReportStatus status) {
        ReportState state = reports.get(id);
        long revision = (state == null ? ReportState.NEW : state).revision() + 1;
        String currency = currency(id);
        String day = day(id);
        Figures shared = figures.get(ReportPart.ALL_CURRENCIES + ":" + day);
        DailyReport report = ReportAssembler.assemble(currency, day, zone.getId(), figures.get(id), opening(currency, id),
            shared == null ? Figures.empty() : shared, status, revision);
        context.forward(new Record<>(id, report, Math.max(report.getAsOf(), 0)));
        reports.put(id, new ReportState(revision, status == DailyReportStatus.FINAL));
        changed.delete(id);
    }

    /** Every earlier day's figures of {@code currency}, summed. */
    private Figures opening(String currency, String id) {
        Figures opening = Figures.empty();
        try (KeyValueIterator<String, Figures> range = figures.range(currency + ":", id)) {
            while (range.hasNext()) {
                var kv = range.next();
                if (!kv.key.equals(id)) {
                    opening = opening.plusSums(kv.value);
                }
            }
        }
        return opening;
    }

    private static String currency(String id) {
        return id.substring(0, id.indexOf(':'));
    }

    private static String day(String id) {
        return id.substring(id.indexOf(':') + 1);
    }
}
