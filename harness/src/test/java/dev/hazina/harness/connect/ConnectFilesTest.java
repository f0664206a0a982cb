package dev.hazina.harness.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code hazina demo --with-connect} says when the Connect worker is not there to start. */
class ConnectFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheFolderWithoutWorkerProperties() {
        // When / Then
        assertThat(ConnectFiles.of(dir).missing()).hasValueSatisfying(missing ->
            assertThat(missing).contains("No worker.properties in " + dir, "-Dhazina.connectors.dir"));
    }

    @Test
    void shouldSayHowToBuildTheWorkerWhenItIsNotBuilt() throws Exception {
        // Given
        Files.writeString(dir.resolve("worker.properties"), "group.id=x\n");

        // When / Then
        assertThat(ConnectFiles.of(dir).missing()).hasValueSatisfying(missing ->
            assertThat(missing).contains("not built", "mvn -DskipTests package -pl connectors -am"));
    }

    @Test
    void shouldFindTheBuiltWorkerUnderTarget() throws Exception {
        // Given
        Files.writeString(dir.resolve("worker.properties"), "group.id=x\n");
        Files.createDirectories(dir.resolve("target/worker-lib"));
        Files.createDirectories(dir.resolve("target/connect-plugins"));

        // When / Then
        assertThat(ConnectFiles.of(dir).missing()).isEmpty();
        assertThat(ConnectFiles.of(dir).pluginPath()).isEqualTo(dir.resolve("target/connect-plugins"));
    }
}
