package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void shouldExpandManifestOnlyJarLikeSurefiresBooter() throws IOException {
        // Given a booter jar whose manifest names one jar absolutely, one relatively and one that is missing
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path absolute = Files.createFile(libs.resolve("kafka_2.13.jar"));
        Path relative = Files.createFile(libs.resolve("kafka-clients.jar"));
        Path booter = dir.resolve("booter/surefirebooter.jar");
        writeManifestOnlyJar(booter, absolute.toUri() + " ../libs/kafka-clients.jar " + libs.resolve("gone.jar").toUri());

        // When
        var classpath = ChildJvm.classpath(booter + File.pathSeparator + absolute);

        // Then
        assertThat(classpath).containsExactly(booter.toString(), absolute.toString(), relative.toString());
    }

    @Test
    void shouldKeepPlainEntriesAsTheyAre() {
        Path classes = dir.resolve("classes");

        assertThat(ChildJvm.classpath(classes + File.pathSeparator + File.pathSeparator + classes))
            .containsExactly(classes.toString());
    }

    @Test
    void shouldUseThisJvmsJava() {
        assertThat(ChildJvm.javaBinary()).isExecutable();
    }

    private static void writeManifestOnlyJar(Path jar, String classPath) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // Only the manifest.
        }
    }
}
