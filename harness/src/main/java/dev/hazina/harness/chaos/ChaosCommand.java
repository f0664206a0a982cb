package dev.hazina.harness.chaos;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hazina chaos}: the kill -9 chaos harness and its exactly-once checker. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Proves exactly-once under failure: starts a real KRaft broker and K ledger instances "
        + "(hazina run, separate JVMs, standby replicas 1), drives steady channel traffic and hostile input, "
        + "kill -9s random instances and restarts them, crashes and restarts the broker, restarts every instance "
        + "in turn, then waits for quiescence and checks every output (read_committed) and the accounts store "
        + "against a sequential model. Exits 1 if any violation is found.",
        "",
        "Memory: the harness reads every output back to check it; give it about 1 GB per 100,000 transfers, "
            + "e.g. HAZINA_JAVA_OPTS=-Xmx3g for the long run."})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--instances", defaultValue = "2", paramLabel = "K",
        description = "Ledger instances, separate JVMs (default ${DEFAULT-VALUE}, at least 2).")
    int instances;

    @Option(names = "--transfers", defaultValue = "200000", paramLabel = "N",
        description = "Channel requests to send during the chaos (default ${DEFAULT-VALUE}).")
    int transfers;

    @Option(names = "--kills", defaultValue = "10", paramLabel = "X",
        description = "kill -9s of a random instance, each followed by a restart (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--broker-restarts", defaultValue = "1", paramLabel = "Y",
        description = "Broker crashes (kill -9) and restarts (default ${DEFAULT-VALUE}).")
    int brokerRestarts;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "TPS",
        description = "Open-loop send rate; 0 (the default) spreads the transfers over the chaos events.")
    int rate;

    @Option(names = "--accounts", defaultValue = "2000", description = "Accounts to open (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--partitions", defaultValue = "8", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--hostile-rounds", defaultValue = "10", paramLabel = "R",
        description = "Rounds of hostile input, one record of each of the fuzzer's cases per round (default ${DEFAULT-VALUE}).")
    int hostileRounds;

    @Option(names = "--hostile-near-limit", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Each round also sends random bytes just under the broker's 1 MB record limit, which the ledger "
            + "must dead-letter as a truncated copy (on by default; --no-hostile-near-limit leaves it out).")
    boolean hostileNearLimit;

    @Option(names = "--no-rolling-restart",
        description = "Skip the rolling restart (every instance in turn: SIGTERM, then start) at the end of the chaos.")
    boolean noRollingRestart;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for traffic, victims and fuzzing (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--instance-heap", defaultValue = "512m", paramLabel = "SIZE",
        description = "Maximum heap of each ledger instance (default ${DEFAULT-VALUE}).")
    String instanceHeap;

    @Option(names = "--broker-setting", paramLabel = "KEY=VALUE",
        description = "A broker setting over the harness's own, e.g. to try a mitigation; repeatable. Ledger instance "
            + "settings can be changed through HAZINA_* environment variables, which the instances inherit.")
    Map<String, String> brokerSettings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Keep the broker, state and logs here; by default a temporary folder, deleted unless the run fails.")
    Path workDir;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path report;

    @Override
    public Integer call() throws Exception {
        Chaos.Options options = new Chaos.Options(instances, transfers, kills, brokerRestarts, rate, accounts, partitions,
            hostileRounds, hostileNearLimit, !noRollingRestart, seed, workDir, instanceHeap, brokerSettings);
        ChaosReport result = new Chaos(options, System.out).run();
        result.print(System.out);
        if (report != null) {
            result.writeJson(report);
            System.out.println("Report written to " + report);
        }
        return result.ok() ? 0 : 1;
    }
}
