package dev.hazina.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldAuthenticateByDefaultAndRefuseToStartWithoutAUsersFile() {
        assertThatThrownBy(() -> new HttpConfig(Map.of()).access()).isInstanceOf(ConfigException.class)
            .hasMessageContaining("hazina.http.auth=basic needs hazina.http.users.file")
            .hasMessageContaining("hazina.http.auth=none");
    }

    @Test
    void shouldServeOpenOnlyWhenAskedTo() {
        assertThat(new HttpConfig(Map.of(HttpConfig.AUTH_CONFIG, "none")).access().authenticates()).isFalse();
        assertThatThrownBy(() -> new HttpConfig(Map.of(HttpConfig.AUTH_CONFIG, "off"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldLoadAUsersFile() throws IOException {
        String secret = SecretHash.newSecret();
        Path file = Files.writeString(dir.resolve("users"), "# operators\n" + HttpUsers.line("ops-1", HttpRole.OPS, secret));

        HttpAccess access = new HttpConfig(Map.of(HttpConfig.USERS_FILE_CONFIG, file.toString())).access();

        assertThat(access.authenticates()).isTrue();
        assertThat(HttpUsers.load(file).authenticate("ops-1", secret)).contains(HttpRole.OPS);
    }

    @Test
    void shouldNameTheBadLineOfAUsersFile() throws IOException {
        Map<String, String> bad = Map.of(
            "teller = admin " + SecretHash.hash("x"), "unknown role 'admin'",
            "teller = channel", "expected 'ROLE sha256:SALT:HASH'",
            "teller = channel md5:abc:def", "a stored secret is sha256:SALT:HASH",
            "teller = channel sha256:AAAA:AAAA", "32 bytes",
            "", "names no user");
        for (Map.Entry<String, String> line : bad.entrySet()) {
            Path file = Files.writeString(dir.resolve("users"), line.getKey());

            assertThatThrownBy(() -> new HttpConfig(Map.of(HttpConfig.USERS_FILE_CONFIG, file.toString())).access())
                .as(line.getKey()).isInstanceOf(ConfigException.class).hasMessageContaining(line.getValue());
        }
        assertThatThrownBy(() -> new HttpConfig(Map.of(HttpConfig.USERS_FILE_CONFIG, dir.resolve("missing").toString()))
            .access()).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the HTTP users file");
    }
}
