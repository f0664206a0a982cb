package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

    @TempDir
    Path tmp;

    @Test
    void shouldCloseWhatWasPushedLastFirstThenDeleteATemporaryFolder() throws IOException {
        // Given
        List<String> closed = new ArrayList<>();
        Path dir;
        try (Workspace workspace = Workspace.temporary("hazina-workspace-test-")) {
            dir = workspace.dir();
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("c.log"), "x");
            workspace.push(() -> closed.add("first"));
            workspace.push(() -> {
                throw new IllegalStateException("a failing step");
            });
            workspace.push(() -> closed.add("last"));

            // When the workspace closes
        }

        // Then
        assertThat(closed).containsExactly("last", "first");
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldKeepATemporaryFolderWhenAskedTo() throws IOException {
        Path dir;
        try (Workspace workspace = Workspace.temporary("hazina-workspace-test-")) {
            dir = workspace.dir();
            workspace.keep(true);
            assertThat(workspace.deletesOnClose()).isFalse();
        }

        assertThat(dir).isDirectory();
        Workspace.deleteTree(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldCreateAndNeverDeleteANamedFolder() throws IOException {
        Path named = tmp.resolve("runs/one");
        try (Workspace workspace = Workspace.in(named, "unused-")) {
            assertThat(workspace.dir()).isEqualTo(named);
            assertThat(workspace.deletesOnClose()).isFalse();
        }

        assertThat(named).isDirectory();
    }
}
