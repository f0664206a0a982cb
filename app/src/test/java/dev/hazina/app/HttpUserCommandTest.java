package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.app.http.HttpRole;
import dev.hazina.app.http.HttpUsers;

class HttpUserCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldPrintAUsersFileLineThatAuthenticatesTheSecretPrintedBesideIt() throws IOException {
        assertThat(run("http-user", "channel-ussd", "--role", "channel")).isZero();

        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(4);
        String line = lines[1];
        String secret = lines[3];
        assertThat(line).startsWith("channel-ussd = channel sha256:").doesNotContain(secret);
        Path file = Files.writeString(dir.resolve("users.properties"), line + "\n");
        HttpUsers users = HttpUsers.load(file);
        assertThat(users.authenticate("channel-ussd", secret)).contains(HttpRole.CHANNEL);
        assertThat(users.authenticate("channel-ussd", secret + "x")).isEmpty();
    }

    @Test
    void shouldDrawADifferentSecretEachTime() {
        run("http-user", "ops", "--role", "OPS");
        run("http-user", "ops", "--role", "ops");

        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines[3]).isNotEqualTo(lines[7]).hasSize(43);
    }

    @Test
    void shouldRefuseANameThatCannotBeABasicUserAndAnUnknownRole() {
        assertThat(run("http-user", "a:b", "--role", "channel")).isEqualTo(2);
        assertThat(err.toString()).contains("the name 'a:b' must be 1 to 64 letters");
        assertThat(run("http-user", "teller", "--role", "admin")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown role 'admin'; roles: channel, monitor, ops");
        assertThat(out.toString()).isEmpty();
    }
}
