package dev.hazina.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudRunner;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina schemas register}: the explicit registration step production needs. */
@Command(name = "schemas", mixinStandardHelpOptions = true, description = "Manage Hazina's registry subjects.",
    subcommands = SchemasCommand.Register.class)
final class SchemasCommand {

    @Command(name = "register", mixinStandardHelpOptions = true,
        description = "Sets BACKWARD compatibility on every subject the ledger and the fraud stream use and registers "
            + "its schema.")
    static final class Register implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LedgerConfig ledger = config.load();
            Map<String, Integer> ids = new TreeMap<>(LedgerRunner.registerSchemas(ledger));
            ids.putAll(FraudRunner.registerSchemas(new FraudConfig(ledger.originals())));
            ids.putAll(ReconciliationRunner.registerSchemas(ReconcileCommand.reconciliationConfig(ledger)));
            ids.forEach((subject, id) -> spec.commandLine().getOut().printf("%-48s id %d%n", subject, id));
            return 0;
        }
    }
}
