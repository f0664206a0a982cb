package dev.hazina.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.harness.FreePorts;

/** The argument handling of {@code hazina connect run|deploy}; ConnectDeliveryIT runs both against a real worker. */
class ConnectCommandTest {

    @Test
    void shouldOverrideThePluginPathBootstrapAndRegistryThenTheGivenSettings() {
        // When
        ConnectRunCommand run = parse("run", "--plugin-path", "/opt/plugins", "--bootstrap-servers", "b:9092",
            "--registry-url", "http://r:8080/apis/ccompat/v7", "listeners=http://127.0.0.1:18083");

        // Then
        assertThat(run.workerConfig).isEqualTo(Path.of("connectors/worker.properties"));
        assertThat(run.overrides()).containsExactly("plugin.path=/opt/plugins", "bootstrap.servers=b:9092",
            "value.converter.schema.registry.url=http://r:8080/apis/ccompat/v7", "listeners=http://127.0.0.1:18083");
    }

    @Test
    void shouldDefaultToTheConnectorsModulesFilesAndTheFilesOwnBootstrap() {
        // When
        ConnectRunCommand run = parse("run");

        // Then
        assertThat(run.overrides()).containsExactly("plugin.path=connectors/target/connect-plugins");
    }

    @Test
    void shouldRefuseASettingThatIsNotKeyValue() {
        // When
        Result result = execute("run", "--worker-config", "worker.properties", "listeners");

        // Then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("'listeners' is not key=value");
    }

    @Test
    void shouldRequireTheConnectUrlToDeploy() {
        // When
        Result result = execute("deploy", "--files", ".");

        // Then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--connect-url");
    }

    @Test
    void shouldApplyTheRegistryAndSettingsToEveryFile() {
        // When
        ConnectDeployCommand deploy = parse("deploy", "--connect-url", "http://c:8083", "--registry-url", "http://r/ccompat",
            "connection.url=jdbc:postgresql://db:5432/x");

        // Then
        assertThat(deploy.files).isEqualTo(Path.of("connectors"));
        assertThat(deploy.overrides()).isEqualTo(Map.of("connection.url", "jdbc:postgresql://db:5432/x",
            "value.converter.schema.registry.url", "http://r/ccompat"));
    }

    @Test
    void shouldExitOneNamingEveryConnectorItCouldNotRegister() {
        // When: nothing listens on the Connect URL
        Result result = execute("deploy", "--connect-url", "http://127.0.0.1:" + FreePorts.freePort(), "--files", ".");

        // Then
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("hazina-entries-jdbc-sink: FAILED", "hazina-settlements-jdbc-sink: FAILED",
            "hazina-settlement-batches-jdbc-sink: FAILED");
        assertThat(result.err()).contains("3 of 3 connector(s) failed");
    }

    @Test
    void shouldRefuseAFolderWithoutConnectorFiles() {
        // When
        Result result = execute("deploy", "--connect-url", "http://127.0.0.1:1", "--files", "src");

        // Then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("No *-sink.properties file in src");
    }

    @Test
    void shouldAskForASubcommand() {
        // When
        Result result = execute();

        // Then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Name a subcommand: run or deploy");
    }

    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        return (T) ConnectCommand.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ConnectCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }
}
