package dev.hazina.harness;

import static dev.hazina.app.HazinaExtension.Subcommand.before;
import static dev.hazina.app.HazinaExtension.Subcommand.last;

import java.util.List;

import dev.hazina.app.HazinaExtension;
import dev.hazina.harness.broker.BrokerCommand;
import dev.hazina.harness.chaos.ChaosCommand;
import dev.hazina.harness.demo.DemoCommand;
import dev.hazina.harness.traffic.LoadCommand;

/** The harness's subcommands of {@code hazina}: demo, broker, load and chaos (found by ServiceLoader). */
public final class HarnessCommands implements HazinaExtension {

    @Override
    public List<Subcommand> subcommands() {
        return List.of(
            before("run", DemoCommand.class),
            before("run", BrokerCommand.class),
            before("account", LoadCommand.class),
            last(ChaosCommand.class));
    }
}
