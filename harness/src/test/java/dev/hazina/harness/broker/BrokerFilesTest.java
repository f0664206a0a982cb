package dev.hazina.harness.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteSingleBrokerEosSettingsWithOverridesWinning() throws IOException {
        // Given
        BrokerSettings settings = BrokerSettings.of(dir)
            .withPort(19092).withControllerPort(19093)
            .withOverride("num.partitions", "3")
            .withOverride("log.retention.ms", "60000");
        BrokerFiles files = new BrokerFiles(dir);

        // When
        files.write(settings);

        // Then
        Properties written = new Properties();
        written.load(new StringReader(Files.readString(files.serverProperties())));
        assertThat(written)
            .containsEntry("process.roles", "broker")
            .containsEntry("node.id", "1")
            .containsEntry("controller.quorum.voters", "2@127.0.0.1:19093")
            .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
            .containsEntry("controller.listener.names", "CONTROLLER")
            .containsEntry("log.dirs", dir.resolve("kafka-logs").toString())
            .containsEntry("offsets.topic.replication.factor", "1")
            .containsEntry("transaction.state.log.replication.factor", "1")
            .containsEntry("transaction.state.log.min.isr", "1")
            .containsEntry("share.coordinator.state.topic.replication.factor", "1")
            .containsEntry("share.coordinator.state.topic.min.isr", "1")
            .containsEntry("group.initial.rebalance.delay.ms", "0")
            .containsEntry("group.min.session.timeout.ms", "3000")
            .containsEntry("group.streams.session.timeout.ms", "6000")
            .containsEntry("group.streams.min.session.timeout.ms", "3000")
            .containsEntry("group.streams.heartbeat.interval.ms", "1000")
            .containsEntry("group.streams.min.heartbeat.interval.ms", "500")
            .containsEntry("group.streams.initial.rebalance.delay.ms", "0")
            .containsEntry("broker.session.timeout.ms", "3000")
            .containsEntry("auto.create.topics.enable", "false")
            .containsEntry("num.partitions", "3")
            .containsEntry("log.retention.ms", "60000");
        assertThat(Files.readString(files.log4jConfig())).contains("${sys:hazina.broker.logFile}");
        assertThat(files.logFile()).isEqualTo(dir.resolve("broker.log"));
        assertThat(files.isFormatted()).isFalse();
    }

    @Test
    void shouldWriteTheControllerInItsOwnFolderWithTheSameTopicDefaults() throws IOException {
        // Given
        BrokerSettings settings = BrokerSettings.of(dir)
            .withPort(19092).withControllerPort(19093)
            .withOverride("num.partitions", "3");
        BrokerFiles controller = BrokerFiles.controllerOf(dir);

        // When
        controller.write(settings);

        // Then
        Properties written = new Properties();
        written.load(new StringReader(Files.readString(controller.serverProperties())));
        assertThat(controller.serverProperties()).isEqualTo(dir.resolve("controller").resolve("server.properties"));
        assertThat(controller.logFile()).isEqualTo(dir.resolve("controller").resolve("controller.log"));
        assertThat(written)
            .containsEntry("process.roles", "controller")
            .containsEntry("node.id", "2")
            .containsEntry("controller.quorum.voters", "2@127.0.0.1:19093")
            .containsEntry("listeners", "CONTROLLER://127.0.0.1:19093")
            .containsEntry("log.dirs", dir.resolve("controller").resolve("kafka-logs").toString())
            .containsEntry("broker.session.timeout.ms", "3000")
            .containsEntry("default.replication.factor", "1")
            .containsEntry("num.partitions", "3")
            .doesNotContainKey("advertised.listeners");
    }

    @Test
    void shouldFindTextOnlyInWhatTheLogGainedSinceAnOffset() throws IOException {
        BrokerFiles files = BrokerFiles.controllerOf(dir);
        Files.createDirectories(files.dataDir());
        Files.writeString(files.logFile(), "Fencing broker 1 at epoch 3\n");
        long before = files.logLength();
        Files.writeString(files.logFile(), "other\nFencing broker 10 at epoch 4\n", StandardOpenOption.APPEND);

        assertThat(files.logContains("Fencing broker 1 ", before)).isFalse();
        assertThat(files.logContains("Fencing broker 1 ", 0)).isTrue();

        Files.writeString(files.logFile(), "Fencing broker 1 at epoch 9\n", StandardOpenOption.APPEND);
        assertThat(files.logContains("Fencing broker 1 ", before)).isTrue();
        assertThat(BrokerFiles.controllerOf(dir.resolve("none")).logLength()).isZero();
        assertThat(BrokerFiles.controllerOf(dir.resolve("none")).logContains("Fencing", 0)).isFalse();
    }

    @Test
    void shouldReturnLastLinesOfTheLog() throws IOException {
        // Given
        BrokerFiles files = new BrokerFiles(dir);
        Files.writeString(files.logFile(),
            IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

        // When
        String tail = files.logTail(3);

        // Then
        assertThat(tail).isEqualTo("line 98\nline 99\nline 100");
    }

    @Test
    void shouldSayWhenThereIsNoLog() {
        assertThat(new BrokerFiles(dir).logTail(3)).startsWith("(no broker log at ");
    }
}
