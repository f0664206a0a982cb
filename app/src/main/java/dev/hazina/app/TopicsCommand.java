package dev.hazina.app;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudTopicsAdmin;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopicsAdmin;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;

/** {@code hazina topics create}: creates or verifies every topic, idempotently. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage Hazina's topics.",
    subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates the ledger's, the fraud stream's and the reconciliation stream's missing topics with their partitions, replication and "
            + "retention, leaves existing ones alone, and fails if the inputs are not co-partitioned."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LedgerConfig ledger = config.load();
            try (Admin admin = LedgerRunner.admin(ledger)) {
                for (LedgerTopicsAdmin.TopicStatus topic : new LedgerTopicsAdmin(ledger).createOrVerify(admin)) {
                    spec.commandLine().getOut().printf("%-32s %-8s %d partitions%n", topic.name(), topic.created() ? "created" : "exists",
                        topic.partitions());
                }
            }
            spec.commandLine().getOut().println("Inputs are co-partitioned with " + ledger.partitions() + " partitions.");
            try (Admin admin = LedgerRunner.admin(ledger)) {
                FraudTopicsAdmin fraudTopics = new FraudTopicsAdmin(new FraudConfig(ledger.originals()));
                List<String> created = fraudTopics.createOrVerify(admin);
                for (LedgerTopicsAdmin.TopicSpec topic : fraudTopics.specs()) {
                    spec.commandLine().getOut().printf("%-32s %-8s %d partitions%n", topic.name(),
                        created.contains(topic.name()) ? "created" : "exists", topic.partitions());
                }
            }
            spec.commandLine().getOut().println("The fraud stream's inputs are co-partitioned with the ledger's.");
            try (Admin admin = LedgerRunner.admin(ledger)) {
                ReconciliationConfig reconciliation = ReconcileCommand.reconciliationConfig(ledger);
                List<String> created = new ReconciliationTopicsAdmin(reconciliation).createOrVerify(admin);
                String alerts = reconciliation.getString(ReconciliationConfig.ALERTS_TOPIC_CONFIG);
                spec.commandLine().getOut().printf("%-32s %-8s %d partitions%n", alerts,
                    created.contains(alerts) ? "created" : "exists", reconciliation.partitions());
            }
            return 0;
        }
    }
}
