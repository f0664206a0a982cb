package dev.hazina.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.reconciliation.settlement.SettlementConfig;
import dev.hazina.reconciliation.settlement.SettlementTopics;
import dev.hazina.reconciliation.settlement.WindowIds;
import dev.hazina.schemas.SettlementAction;
import dev.hazina.schemas.SettlementCommand;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.topology.LedgerConfig;

/**
 * {@code hazina settlement close|settle|abort|list}: operators' commands on settlement windows. The
 * commands go to {@code hazina.settlement-commands} keyed by currency; the reconciliation stream
 * carries them out or dead-letters them with the reason, and {@code list} shows the result.
 * Arguments are checked before anything is sent.
 */
@Command(name = "settlement", mixinStandardHelpOptions = true,
    description = {"Settlement windows: close a currency's open window, mark a window settled or aborted, list windows.",
        "Example: hazina settlement close --currency KES"},
    subcommands = {SettlementCli.Close.class, SettlementCli.Settle.class, SettlementCli.Abort.class,
        SettlementCli.ListWindows.class})
final class SettlementCli {

    @Command(name = "close", mixinStandardHelpOptions = true,
        description = "Closes the currency's open window now: its batches follow and the next window opens.")
    static final class Close extends Send {

        @Option(names = "--currency", required = true, description = "ISO 4217 code, e.g. KES.")
        String currency;

        @Override
        SettlementCommand command() {
            requireCurrency(currency);
            return base(SettlementAction.CLOSE, currency).build();
        }
    }

    @Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Marks a window PENDING_SETTLEMENT as SETTLED, once its batches are paid.")
    static final class Settle extends OnWindow {

        @Override
        SettlementCommand command() {
            return windowCommand(SettlementAction.SETTLE).build();
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Marks a window PENDING_SETTLEMENT as ABORTED: its batches are void and its settlements are "
            + "carried into the open window, so the next close batches them again.")
    static final class Abort extends OnWindow {

        @Option(names = "--reason", required = true, description = "Why, kept with the window.")
        String reason;

        @Override
        SettlementCommand command() {
            if (reason.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reason must not be blank");
            }
            return windowCommand(SettlementAction.ABORT).setReason(reason).build();
        }
    }

    /** SETTLE or ABORT: a command on one window, keyed by the window's currency. */
    abstract static class OnWindow extends Send {

        @Option(names = "--window", required = true, description = "The window id, e.g. KES-000003.")
        String window;

        SettlementCommand.Builder windowCommand(SettlementAction action) {
            if (!WindowIds.isWindowId(window)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--window '" + window + "' is not a window id like KES-000003");
            }
            return base(action, WindowIds.currency(window)).setWindowId(window);
        }
    }

    /** One command, checked, then sent keyed by its currency with an idempotent acks=all producer. */
    abstract static class Send implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who issues it (default ${DEFAULT-VALUE}).")
        String operator;

        abstract SettlementCommand command();

        @Override
        public Integer call() {
            SettlementCommand command = command();
            LedgerConfig ledger = config.load();
            SettlementTopics topics = SettlementTopics.from(new SettlementConfig(ledger.originals()));
            Map<String, Object> settings = new HashMap<>(ledger.kafkaClientConfig());
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.commands(), command.getCurrency().getBytes(StandardCharsets.UTF_8),
                    topics.commandSerde().serializer().serialize(topics.commands(), command)));
                producer.flush();
            }
            spec.commandLine().getOut().println("Sent " + command.getAction() + " " + command.getCommandId()
                + "; see the outcome with: hazina settlement list (a rejection goes to the dead letters)");
            return 0;
        }

        SettlementCommand.Builder base(SettlementAction action, String currency) {
            return SettlementCommand.newBuilder().setCommandId("cli-" + UUID.randomUUID()).setAction(action)
                .setCurrency(currency).setOperator(operator).setIssuedAt(System.currentTimeMillis());
        }

        void requireCurrency(String currency) {
            if (!WindowIds.isCurrency(currency)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--currency '" + currency + "' is not an ISO 4217 code (three capital letters)");
            }
        }

    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists every window and its state, read from hazina.settlement-windows.")
    static final class ListWindows implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--currency", description = "Only this currency's windows.")
        String currency;

        @Option(names = "--timeout", defaultValue = "PT30S", description = "How long to read for (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            LedgerConfig ledger = config.load();
            SettlementTopics topics = SettlementTopics.from(new SettlementConfig(ledger.originals()));
            Map<String, SettlementWindow> latest = read(ledger, topics);
            spec.commandLine().getOut().printf("%-14s %-19s %-24s %-24s %8s %10s  %s%n", "WINDOW", "STATE", "OPENED",
                "CLOSED", "BATCHES", "RECORDS", "REASON");
            latest.values().stream().filter(w -> currency == null || w.getCurrency().equals(currency))
                .forEach(w -> spec.commandLine().getOut().printf("%-14s %-19s %-24s %-24s %8d %10d  %s%n",
                    w.getWindowId(), w.getState(), Instant.ofEpochMilli(w.getOpenedAt()),
                    w.getClosedAt() == null ? "-" : Instant.ofEpochMilli(w.getClosedAt()), w.getBatchCount(),
                    w.getRecordCount(), w.getReason() == null ? "" : w.getReason()));
            return 0;
        }

        /** The compacted topic from its start to its end as of now: the latest state of each window. */
        private Map<String, SettlementWindow> read(LedgerConfig ledger, SettlementTopics topics) {
            Map<String, Object> settings = new HashMap<>(ledger.kafkaClientConfig());
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            Deserializer<SettlementWindow> windows = topics.windowSerde().deserializer();
            Map<String, SettlementWindow> latest = new TreeMap<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topics.windows(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() == null) {
                            latest.remove(record.key());
                        } else {
                            SettlementWindow window = windows.deserialize(record.topic(), record.value());
                            latest.put(window.getWindowId(), window);
                        }
                    }
                }
            }
            return latest;
        }
    }
}
