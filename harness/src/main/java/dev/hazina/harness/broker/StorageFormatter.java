package dev.hazina.harness.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.ChildJvm;

/**
 * Formats a broker's storage with {@code kafka.tools.StorageTool format}, in a short-lived child JVM so
 * that the tool's {@code Exit} calls and static state stay out of this JVM.
 *
 * <p>The cluster id is what {@code StorageTool random-uuid} would print, made here without a JVM.
 */
final class StorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final List<String> JVM_OPTIONS = List.of(
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private StorageFormatter() {
    }

    /**
     * Formats the storage of every node with one new cluster id, unless all of them are formatted
     * already; returns the milliseconds spent. When {@code secured}, also creates the SCRAM credentials
     * in each node's credentials file ({@link ScramStorageTool}).
     *
     * @throws BrokerException if some nodes are formatted and others not
     */
    static long formatIfNeeded(List<BrokerFiles> nodes, boolean secured) {
        List<BrokerFiles> formatted = nodes.stream().filter(BrokerFiles::isFormatted).toList();
        if (formatted.size() == nodes.size()) {
            return 0;
        }
        if (!formatted.isEmpty()) {
            throw new BrokerException("only part of the cluster's storage is formatted (" + formatted.get(0).logDir()
                + " is, " + nodes.stream().filter(node -> !node.isFormatted()).findFirst().orElseThrow().logDir()
                + " is not); delete the data dir to start afresh");
        }
        long started = System.nanoTime();
        String clusterId = Uuid.randomUuid().toString();
        for (BrokerFiles node : nodes) {
            format(node, clusterId, secured);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("Formatted the storage of {} (cluster id {}) in {} ms",
            nodes.stream().map(BrokerFiles::logDir).toList(), clusterId, millis);
        return millis;
    }

    private static void format(BrokerFiles files, String clusterId, boolean secured) {
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        jvmOptions.addAll(files.loggingJvmOptions());
        List<String> args = new ArrayList<>();
        if (secured) {
            args.add(files.credentialsFile().toString());
        }
        args.addAll(List.of("format", "-t", clusterId, "-c", files.serverProperties().toString()));
        String main = secured ? ScramStorageTool.class.getName() : "kafka.tools.StorageTool";
        try {
            Process tool = ChildJvm.launch(jvmOptions, main, args, files.dataDir(), files.logFile());
            tool.getOutputStream().close();
            if (!tool.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                tool.destroyForcibly();
                throw new BrokerException("StorageTool format did not finish within " + TIMEOUT_SECONDS
                    + " s. Last lines of " + files.logFile() + ":\n" + files.logTail(30));
            }
            if (tool.exitValue() != 0) {
                throw new BrokerException("StorageTool format failed with exit code " + tool.exitValue()
                    + ". Last lines of " + files.logFile() + ":\n" + files.logTail(30));
            }
        } catch (IOException e) {
            throw new BrokerException("cannot run StorageTool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while formatting " + files.logDir(), e);
        }
    }
}
