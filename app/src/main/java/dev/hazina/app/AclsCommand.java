package dev.hazina.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.security.AclApplier;
import dev.hazina.app.security.AclPlan;
import dev.hazina.app.security.AclSpec;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina acls apply}: computes every principal's ACLs from its role and applies them. */
@Command(name = "acls", mixinStandardHelpOptions = true, description = "Manage the cluster's ACLs.",
    subcommands = AclsCommand.Apply.class)
final class AclsCommand {

    @Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Computes the ACLs of every principal from its role (hazina.acl.principal.<name>=channel|ops|"
            + "ledger|fraud|reconciliation|connect in --config) and creates the missing ones; existing ones are left "
            + "alone, so running it twice changes nothing. Run it as a super user (admin).",
            "Example: hazina acls apply --config acls.properties --dry-run"})
    static final class Apply implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--dry-run", description = "Print the ACLs without contacting the cluster.")
        boolean dryRun;

        @Option(names = "--prune", description = "Also delete ACLs of the listed principals that their roles no longer grant.")
        boolean prune;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LedgerConfig ledger = config.load();
            AclSpec acls = AclSpec.from(ledger);
            AclPlan plan = new AclPlan(acls);
            List<AclBinding> bindings = plan.bindings();
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                bindings.forEach(binding -> out.println(AclPlan.describe(binding)));
                out.printf("%d ACLs for %d principals (dry run: nothing applied)%n", bindings.size(), acls.principals().size());
                return 0;
            }
            try (Admin admin = LedgerRunner.admin(ledger)) {
                AclApplier.Outcome outcome = AclApplier.apply(admin, bindings, acls.principals().keySet(), prune);
                outcome.added().forEach(binding -> out.println("added    " + AclPlan.describe(binding)));
                outcome.removed().forEach(binding -> out.println("removed  " + AclPlan.describe(binding)));
                out.printf("%d added, %d already present, %d removed, for %d principals%n", outcome.added().size(),
                    outcome.unchanged().size(), outcome.removed().size(), acls.principals().size());
            }
            return 0;
        }
    }
}
