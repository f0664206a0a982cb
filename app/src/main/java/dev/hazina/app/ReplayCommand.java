package dev.hazina.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.app.RewindCommand.RequestTopic;
import dev.hazina.app.replay.ReplayAudit.Line;
import dev.hazina.app.replay.ReplayAudit.Verdict;
import dev.hazina.app.replay.Replayer;
import dev.hazina.topology.LedgerConfig;

/**
 * {@code hazina replay}: re-sends a range of one request partition while the ledger runs, and prints
 * the audit diff of original and replayed answers. Exit 0 when every answer equals the original, 1 on
 * any difference or missing answer (a defect), 3 when refused before sending anything.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, subcommands = RewindCommand.class,
    description = {"Re-sends a range of one partition of a request topic while the ledger keeps running, and prints "
        + "an audit diff: each record's original answer and the answer to its copy. Replayed requests are answered "
        + "from the dedupe store and post nothing.",
        "Exit 0: every answer equals the original. 1: a difference or a missing answer (a defect). "
            + "3: refused (past the dedupe horizon without --force), nothing sent."})
final class ReplayCommand implements Callable<Integer> {

    static final int REFUSED = 3;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", paramLabel = "T", defaultValue = "CHANNEL",
        description = "Request topic: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    RequestTopic topic;

    // Checked in call(), not by picocli: `replay rewind` must not need them.
    @Option(names = "--partition", paramLabel = "P", description = "The partition to replay (required).")
    Integer partition;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Start start;

    static final class Start {
        @Option(names = "--from-offset", paramLabel = "N", description = "First offset to replay.")
        Long offset;

        @Option(names = "--from-time", paramLabel = "T", description = "First record appended at or after this instant (ISO-8601).")
        Instant time;
    }

    @Option(names = "--to-offset", paramLabel = "N", description = "Stop before this offset (default: the partition's end now).")
    Long toOffset;

    @Option(names = "--to-time", paramLabel = "T", description = "Stop before the first record appended at or after this instant.")
    Instant toTime;

    @Option(names = "--force", description = "Replay requests past the dedupe horizon too; the ledger refuses them "
        + "REQUEST_TOO_OLD and the diff counts them as forgotten.")
    boolean force;

    @Option(names = "--settle", paramLabel = "D", defaultValue = "PT30S",
        description = "How long to wait for the original answers of the range's newest requests (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "PT2M",
        description = "How long to wait for the answers to the copies (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--differences-only", description = "Print only the lines that are not the same.")
    boolean differencesOnly;

    @Override
    public Integer call() throws Exception {
        if (partition == null || start == null) {
            spec.commandLine().getErr().println("Missing --partition P and a start, --from-offset N or --from-time T.");
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
        if (start.offset != null && toTime != null || start.time != null && toOffset != null) {
            spec.commandLine().getErr().println("Give the range in offsets (--from-offset/--to-offset) or in times "
                + "(--from-time/--to-time), not both.");
            return 2;
        }
        LedgerConfig ledger = config.load();
        String topicName = ledger.topicName(topic.name);
        Replayer.Report report = new Replayer(ledger).replay(
            new Replayer.Range(topicName, partition, start.offset, toOffset, start.time, toTime), force, settle, timeout);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Replay of %s-%d, offsets %d to %d (%d records)%n", topicName, partition, report.from(), report.to(),
            report.records());
        if (report.refusal() != null) {
            spec.commandLine().getErr().println("Refused: " + report.refusal());
            return REFUSED;
        }
        out.printf("%-10s %-10s %-36s %-32s %-32s %s%n", "offset", "copy", "requestId", "original", "replay", "verdict");
        for (Line line : report.lines()) {
            if (!differencesOnly || line.verdict() != Verdict.SAME) {
                out.printf("%-10d %-10s %-36s %-32s %-32s %s%n", line.offset(),
                    line.replayOffset() < 0 ? "-" : Long.toString(line.replayOffset()), line.requestId(), line.original(),
                    line.replay(), line.verdict());
            }
        }
        Map<Verdict, Integer> counts = report.counts();
        out.printf("Summary: %d records; %d same, %d different, %d unanswered, %d forgotten (past the horizon), "
                + "%d not sent (no original answer found). %s%n", report.lines().size(), counts.get(Verdict.SAME),
            counts.get(Verdict.DIFFERENT), counts.get(Verdict.UNANSWERED), counts.get(Verdict.FORGOTTEN),
            counts.get(Verdict.NOT_SENT),
            report.clean() ? "Every answer equals the original." : "DEFECT: some answers differ from the original.");
        return report.clean() ? 0 : 1;
    }
}
