package dev.hazina.harness.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.hazina.topology.ClientSecurity;

/**
 * A secured local cluster: SASL/SCRAM-SHA-512 on the broker's client listener, SASL/PLAIN on the
 * controller listener (Kafka advises against SCRAM between controllers, KAFKA-15513), the standard
 * authorizer denying whatever no ACL allows, and one password per principal.
 *
 * <p>The SCRAM credentials of every principal but {@value #CONTROLLER} are created when the storage is
 * formatted (KIP-900), so a fresh cluster accepts them from its first second. {@value #ADMIN},
 * {@value #BROKER} (inter-broker) and {@value #CONTROLLER} (the control plane) are super users; every
 * other principal gets only what {@code hazina acls apply} grants it.
 *
 * <p>Passwords never travel on a command line: they come from a properties file
 * ({@code principal=password}), {@code HAZINA_BROKER_PASSWORD_<PRINCIPAL>} variables (for
 * {@code channel-app}: {@code HAZINA_BROKER_PASSWORD_CHANNEL_APP}), or are generated; the broker keeps
 * them in {@value #CREDENTIALS_FILE} in its data dir, readable by its owner only.
 *
 * <p>With {@link #withTls(BrokerTls)} the client listener is SASL_SSL instead of SASL_PLAINTEXT.
 */
public record BrokerSecurity(Map<String, String> passwords, BrokerTls tls) {

    public static final String ADMIN = "admin";
    public static final String BROKER = "broker";
    public static final String CONTROLLER = "controller";
    /** Every principal a secured cluster knows, super users first. */
    public static final List<String> PRINCIPALS = List.of(ADMIN, BROKER, CONTROLLER, "ledger", "fraud",
        "reconciliation", "connect", "ops", "replay", "auditor", "treasury", "channel-ussd", "channel-app", "channel-agent");
    public static final String CREDENTIALS_FILE = "credentials.properties";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    public static final String ENV_PREFIX = "HAZINA_BROKER_PASSWORD_";

    private static final String PLAIN_LISTENER = "SASL_PLAINTEXT";
    private static final String TLS_LISTENER = "SASL_SSL";
    private static final String CONTROLLER_MECHANISM = "PLAIN";
    /** Safe inside StorageTool's {@code [name=...,password=...]} syntax and a JAAS quoted string. */
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_.~-]{12,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerSecurity(Map<String, String> passwords) {
        this(passwords, null);
    }

    public BrokerSecurity {
        passwords = Map.copyOf(Objects.requireNonNull(passwords, "passwords"));
        for (String principal : PRINCIPALS) {
            String password = passwords.get(principal);
            if (password == null) {
                throw new IllegalArgumentException("no password for principal " + principal);
            }
            if (!PASSWORD.matcher(password).matches()) {
                throw new IllegalArgumentException("the password of " + principal
                    + " must be 12-128 characters of A-Z a-z 0-9 _ . ~ -");
            }
        }
    }

    /** Random passwords for every principal. */
    public static BrokerSecurity generated() {
        return resolve(Map.of());
    }

    /**
     * Passwords from, in rising order: generated ones, {@code dataDir}'s credentials file (so a restart
     * keeps the formatted credentials), {@code file} if given, then {@code HAZINA_BROKER_PASSWORD_*}
     * variables in {@code env}.
     */
    public static BrokerSecurity load(Path dataDir, Path file, Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>(read(dataDir.resolve(CREDENTIALS_FILE)));
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("password file " + file + " does not exist");
            }
            given.putAll(read(file));
        }
        for (String principal : PRINCIPALS) {
            String value = env.get(ENV_PREFIX + principal.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (value != null) {
                given.put(principal, value);
            }
        }
        return resolve(given);
    }

    private static BrokerSecurity resolve(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String principal : PRINCIPALS) {
            all.put(principal, given.containsKey(principal) ? given.get(principal).strip() : randomPassword());
        }
        return new BrokerSecurity(all);
    }

    /** The same cluster with TLS on its client listener. */
    public BrokerSecurity withTls(BrokerTls newTls) {
        return new BrokerSecurity(passwords, newTls);
    }

    /** The client listener's security protocol: SASL_SSL with TLS, SASL_PLAINTEXT without. */
    public String clientProtocol() {
        return tls == null ? PLAIN_LISTENER : TLS_LISTENER;
    }

    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("unknown principal " + principal + "; known: " + PRINCIPALS);
        }
        return password;
    }

    /** Client settings to authenticate as {@code principal} over SCRAM on the client listener. */
    public Map<String, Object> clientSecurity(String principal) {
        Map<String, Object> client = new LinkedHashMap<>(Map.of(
            "security.protocol", clientProtocol(),
            "sasl.mechanism", SCRAM_MECHANISM,
            "sasl.jaas.config", ClientSecurity.jaas(SCRAM_MECHANISM, principal, password(principal))));
        if (tls != null) {
            client.putAll(tls.clientConfig());
        }
        return client;
    }

    /** Client settings for the control plane (bootstrap.controllers), as {@value #CONTROLLER} over PLAIN. */
    Map<String, Object> controllerClientSecurity() {
        return Map.of(
            "security.protocol", PLAIN_LISTENER,
            "sasl.mechanism", CONTROLLER_MECHANISM,
            "sasl.jaas.config", ClientSecurity.jaas(CONTROLLER_MECHANISM, CONTROLLER, password(CONTROLLER)));
    }

    /** The {@code --add-scram} values for StorageTool: every principal that logs in with SCRAM. */
    List<String> scramArguments() {
        return PRINCIPALS.stream().filter(principal -> !principal.equals(CONTROLLER))
            .map(principal -> SCRAM_MECHANISM + "=[name=" + principal + ",password=" + password(principal) + "]")
            .toList();
    }

    /** The server.properties settings that secure a node; they replace the plaintext listeners. */
    Map<String, String> serverConfig(BrokerFiles.Role role, int port, int controllerPort) {
        Map<String, String> config = new LinkedHashMap<>();
        String controllerLogin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + CONTROLLER + "\" password=\"" + password(CONTROLLER) + "\" user_" + CONTROLLER + "=\""
            + password(CONTROLLER) + "\";";
        if (role == BrokerFiles.Role.BROKER) {
            String listener = clientProtocol();
            config.put("listeners", listener + "://" + BrokerFiles.HOST + ":" + port);
            config.put("advertised.listeners", listener + "://" + BrokerFiles.HOST + ":" + port);
            config.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:SASL_PLAINTEXT");
            config.put("inter.broker.listener.name", listener);
            config.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            config.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            config.put("listener.name." + listener.toLowerCase(Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                ClientSecurity.jaas(SCRAM_MECHANISM, BROKER, password(BROKER)));
            if (tls != null) {
                config.putAll(tls.serverConfig());
            }
        } else {
            config.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT");
        }
        config.put("sasl.mechanism.controller.protocol", CONTROLLER_MECHANISM);
        config.put("listener.name.controller.sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
        config.put("listener.name.controller.plain.sasl.jaas.config", controllerLogin);
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("super.users", "User:" + ADMIN + ";User:" + BROKER + ";User:" + CONTROLLER);
        return config;
    }

    /** Writes every password to {@code file} ({@code principal=password}), readable by its owner only. */
    void write(Path file) {
        StringBuilder text = new StringBuilder("# Passwords of the local secured cluster's principals.\n");
        PRINCIPALS.forEach(principal -> text.append(principal).append('=').append(password(principal)).append('\n'));
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read password file " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.forEach((key, value) -> values.put(key.toString(), value.toString()));
        return values;
    }

    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "BrokerSecurity" + PRINCIPALS + " (passwords hidden" + (tls == null ? ")" : ", TLS)");
    }
}
