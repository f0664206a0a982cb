package dev.hazina.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.reconciliation.OutputReader;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopics;
import dev.hazina.schemas.DailyReport;

/** {@code hazina report daily}: prints the reconciliation stream's daily report of one business day. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports the reconciliation stream publishes.",
    subcommands = ReportCommand.Daily.class)
final class ReportCommand {

    /** Exit code when nothing was published for that day (and currency). */
    static final int NOTHING_PUBLISHED = 3;

    @Command(name = "daily", mixinStandardHelpOptions = true,
        description = {"Reads hazina.daily-reports (read_committed, up to its end offsets as of now) and prints the latest "
            + "revision of each currency's report of the business day: Markdown, or a JSON array with --json.",
            "Exit codes: 0 printed, 1 the read failed or timed out, 2 bad arguments, 3 nothing published for that day.",
            "Example: hazina report daily --date 2026-03-03 --currency KES"})
    static final class Daily implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--date", required = true, description = "The business day, yyyy-MM-dd in hazina.time.zone.")
        LocalDate date;

        @Option(names = "--currency", description = "Only this currency's report (default: every currency's).")
        String currency;

        @Option(names = "--json", description = "Print a JSON array of the reports (Avro JSON, money in minor units).")
        boolean json;

        @Option(names = "--timeout", defaultValue = "PT30S", description = "How long the read may take (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            ReconciliationConfig reconciliation = ReconcileCommand.reconciliationConfig(config.load());
            ReconciliationTopics.Topic<String, DailyReport> topic = ReconciliationTopics.from(reconciliation).dailyReports();
            List<DailyReport> published = OutputReader.readValues(reconciliation.kafkaClientConfig(), topic.name(),
                topic.valueSerde().deserializer(), timeout);
            return print(published, spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        /** Prints the latest revision of each of the day's reports among {@code published}; returns the exit code. */
        int print(List<DailyReport> published, PrintWriter out, PrintWriter err) {
            List<DailyReport> latest = latest(published, date.toString(), currency);
            if (latest.isEmpty()) {
                err.println("No daily report published for " + date + (currency == null ? "" : " in " + currency)
                    + " (yet): the reconciliation stream publishes a day once it has figures for it.");
                return NOTHING_PUBLISHED;
            }
            if (json) {
                out.println(DailyReportFormat.json(latest));
            } else {
                latest.forEach(report -> out.println(DailyReportFormat.markdown(report)));
            }
            out.flush();
            return 0;
        }
    }

    /** Of {@code published}, the highest revision of each currency's report of {@code day}, by currency. */
    static List<DailyReport> latest(List<DailyReport> published, String day, String currency) {
        Map<String, DailyReport> byCurrency = new TreeMap<>();
        published.stream()
            .filter(r -> r.getBusinessDay().equals(day) && (currency == null || r.getCurrency().equals(currency)))
            .forEach(r -> byCurrency.merge(r.getCurrency(), r,
                (a, b) -> Comparator.comparingLong(DailyReport::getRevision).compare(a, b) >= 0 ? a : b));
        return List.copyOf(byCurrency.values());
    }
}
