package dev.hazina.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.TransferRequest;

/** The REST client over https, with a self-signed certificate made by keytool for 127.0.0.1. */
class TlsRegistryTest {

    @TempDir
    static Path dir;
    private static FakeRegistryServer server;
    private static Path trustStore;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
            "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
            "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", "changeit",
            "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-keystore",
            trustStore.toString(), "-storetype", "PKCS12", "-storepass", "trustpass");
        server = FakeRegistryServer.startTls(serverContext(keyStore));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldTalkHttpsWithConfiguredTrustStore() {
        // Given
        SchemaRegistryClient client = SchemaRegistryClients.create(RestSchemaRegistryClientTest.config(server.url(),
            RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString(),
            RegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "trustpass",
            RegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12"));

        // When
        int id = client.register("tls-value", TransferRequest.getClassSchema());

        // Then
        assertThat(client.url()).startsWith("https://");
        assertThat(client.schemaById(id).getFullName()).isEqualTo("dev.hazina.schemas.TransferRequest");
    }

    @Test
    void shouldRefuseUntrustedCertificate() {
        // Given the JVM's default trust store, which does not know the self-signed certificate
        SchemaRegistryClient client = SchemaRegistryClients.create(RestSchemaRegistryClientTest.config(server.url(),
            RegistryConfig.RETRIES_CONFIG, 0));

        // When / Then
        assertThatThrownBy(client::subjects)
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining(server.url())
            .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void shouldRejectTrustStoreWithWrongPassword() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(RestSchemaRegistryClientTest.config(server.url(),
            RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString(),
            RegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "wrong",
            RegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
    }

    @Test
    void shouldRejectMissingTrustStore() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(RestSchemaRegistryClientTest.config(server.url(),
            RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, dir.resolve("missing.p12").toString())))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("missing.p12");
    }

    private static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
