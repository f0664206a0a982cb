package dev.hazina.harness.broker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * TLS for a secured local broker's client listener (SASL_SSL): the broker's key store and the trust
 * store its clients need, both PKCS12. {@link #selfSigned(Path)} makes a fresh pair with the JDK's
 * {@code keytool}: a certificate for {@value BrokerFiles#HOST} (as an IP subject alternative name, so
 * clients verify the host name), valid for a year, with the store passwords in {@value #PASSWORDS}
 * (readable by its owner only); {@link #loadOrCreate(Path)} keeps using them. The controller listener
 * stays on the loopback interface with SASL/PLAIN.
 */
public record BrokerTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {

    public static final String KEY_STORE = "broker-keystore.p12";
    public static final String TRUST_STORE = "client-truststore.p12";
    public static final String PASSWORDS = "tls.properties";

    /** The stores in {@code dir} if an earlier run made them, else new ones. */
    public static BrokerTls loadOrCreate(Path dir) {
        Path passwords = dir.resolve(PASSWORDS);
        if (Files.isRegularFile(passwords) && Files.isRegularFile(dir.resolve(KEY_STORE))
            && Files.isRegularFile(dir.resolve(TRUST_STORE))) {
            Properties values = new Properties();
            try (Reader in = Files.newBufferedReader(passwords)) {
                values.load(in);
            } catch (IOException e) {
                throw new BrokerException("cannot read " + passwords + ": " + e.getMessage(), e);
            }
            return new BrokerTls(dir.resolve(KEY_STORE), values.getProperty("keystore.password"),
                dir.resolve(TRUST_STORE), values.getProperty("truststore.password"));
        }
        return selfSigned(dir);
    }

    /** A new self-signed key store and its trust store in {@code dir}, with random passwords. */
    public static BrokerTls selfSigned(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve(KEY_STORE);
            Path trustStore = dir.resolve(TRUST_STORE);
            Path certificate = dir.resolve("broker.crt");
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(trustStore);
            String keyPassword = BrokerSecurity.randomPassword();
            String trustPassword = BrokerSecurity.randomPassword();
            keytool(keyPassword, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=" + BrokerFiles.HOST, "-ext", "san=ip:" + BrokerFiles.HOST, "-validity", "365",
                "-storetype", "PKCS12", "-keystore", keyStore.toString());
            Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-------"));
            keytool(keyPassword, "-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-file",
                certificate.toString());
            keytool(trustPassword, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString());
            Path passwords = dir.resolve(PASSWORDS);
            Files.deleteIfExists(passwords);
            Files.createFile(passwords, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwords, "keystore.password=" + keyPassword + "\ntruststore.password=" + trustPassword + "\n");
            return new BrokerTls(keyStore, keyPassword, trustStore, trustPassword);
        } catch (IOException e) {
            throw new BrokerException("cannot make a TLS key store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The listener's server.properties settings. */
    Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keyStore.toString());
        config.put("ssl.keystore.password", keyStorePassword);
        // The broker talks to itself over this listener too, so it trusts its own certificate.
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", trustStore.toString());
        config.put("ssl.truststore.password", trustStorePassword);
        return config;
    }

    /** A client's settings to verify the broker. */
    public Map<String, Object> clientConfig() {
        return Map.of("ssl.truststore.type", "PKCS12", "ssl.truststore.location", trustStore.toString(),
            "ssl.truststore.password", trustStorePassword);
    }

    /** Runs keytool with the store password in its environment, not on the command line. */
    private static void keytool(String storePassword, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", "HAZINA_STORE_PASSWORD"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass:env", "HAZINA_STORE_PASSWORD"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HAZINA_STORE_PASSWORD", storePassword);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for keytool", e);
        }
    }

    @Override
    public String toString() {
        return "BrokerTls[" + keyStore + ", " + trustStore + ", passwords hidden]";
    }
}
