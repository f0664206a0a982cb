package dev.hazina.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.reconciliation.journal.AuditCheckpoints;
import dev.hazina.reconciliation.journal.JournalReader;
import dev.hazina.reconciliation.journal.JournalReport;
import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina audit verify}: recomputes the journal's hash chains and checks them against the audit checkpoints. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the tamper-evident journal.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Reads every ledger entry and every audit checkpoint (read_committed, up to the end offsets as of "
            + "the start), recomputes each account's hash chain and each checkpoint's digest, and names the first "
            + "entry that does not match. Exit codes: 0 verified, 1 a mismatch, 2 bad configuration or a topic that "
            + "cannot be read."})
    static final class Verify implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--entries-topic", paramLabel = "TOPIC",
            description = "The entries to verify (default: the ledger's), e.g. a copy under investigation.")
        String entriesTopic;

        @Option(names = "--checkpoints-topic", paramLabel = "TOPIC", defaultValue = AuditCheckpoints.DEFAULT_TOPIC,
            description = "The audit checkpoints (default: ${DEFAULT-VALUE}).")
        String checkpointsTopic;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long the read may take (ISO-8601, default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            LedgerConfig ledger;
            try {
                ledger = config.load();
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("hazina audit verify: bad configuration: " + e.getMessage());
                return 2;
            }
            String entries = entriesTopic != null ? entriesTopic : ledger.topicName(LedgerConfig.TopicName.LEDGER_ENTRIES);
            JournalReport report;
            try {
                report = JournalReader.verify(ledger.kafkaClientConfig(), entries, checkpointsTopic,
                    AvroSerde.forValues(LedgerEntry.class, ledger.serdeConfig()).deserializer(),
                    AvroSerde.forValues(AuditCheckpoint.class, ledger.serdeConfig()).deserializer(), timeout);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("hazina audit verify: " + e.getMessage()
                    + " (the reconciliation stream, hazina reconcile run, creates the checkpoints topic)");
                return 2;
            }
            spec.commandLine().getOut().print("Verifying " + entries + " against " + checkpointsTopic + "\n"
                + report.render());
            spec.commandLine().getOut().flush();
            return report.clean() ? 0 : 1;
        }
    }
}
