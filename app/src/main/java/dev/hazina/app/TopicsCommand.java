package dev.hazina.app;

import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;

/** {@code hazina topics create}: creates or verifies every topic, idempotently. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage Hazina's topics.",
    subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates missing topics with their partitions, replication and retention, leaves existing "
            + "ones alone, and fails if the inputs are not co-partitioned."})
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
            return 0;
        }
    }
}
