package dev.hazina.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * How every Hazina Kafka client (the ledger's Streams clients, the CLI's producers, consumers and
 * admin) authenticates: the {@code hazina.kafka.*} settings, turned into Kafka client settings.
 *
 * <p>The username and password become the SCRAM (or PLAIN) login module's JAAS config; the password
 * comes from the config file or, better, the {@code HAZINA_KAFKA_SASL_PASSWORD} environment variable,
 * never from the command line. Any other {@code hazina.kafka.} key passes through with the prefix
 * removed, e.g. {@code hazina.kafka.ssl.truststore.location} for TLS.
 */
public final class ClientSecurity {

    public static final String PREFIX = "hazina.kafka.";

    public static final String SECURITY_PROTOCOL_CONFIG = PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    private static final String SECURITY_PROTOCOL_DOC = "PLAINTEXT, SASL_PLAINTEXT, SASL_SSL or SSL, for every Kafka client.";

    public static final String SASL_MECHANISM_CONFIG = PREFIX + SaslConfigs.SASL_MECHANISM;
    private static final String SASL_MECHANISM_DOC = "SASL mechanism: SCRAM-SHA-512 (the broker's client listener), SCRAM-SHA-256 or PLAIN.";

    public static final String SASL_USERNAME_CONFIG = PREFIX + "sasl.username";
    private static final String SASL_USERNAME_DOC = "The principal this process authenticates as (e.g. ledger, ops, channel-app).";

    public static final String SASL_PASSWORD_CONFIG = PREFIX + "sasl.password";
    private static final String SASL_PASSWORD_DOC = "The principal's password; set it with the HAZINA_KAFKA_SASL_PASSWORD environment variable.";

    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private ClientSecurity() {
    }

    static void define(ConfigDef def) {
        def.define(SECURITY_PROTOCOL_CONFIG, Type.STRING, SecurityProtocol.PLAINTEXT.name, Importance.HIGH, SECURITY_PROTOCOL_DOC)
            .define(SASL_MECHANISM_CONFIG, Type.STRING, "SCRAM-SHA-512", Importance.MEDIUM, SASL_MECHANISM_DOC)
            .define(SASL_USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, SASL_USERNAME_DOC)
            .define(SASL_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, SASL_PASSWORD_DOC);
    }

    /** The Kafka client settings for {@code config}: security protocol, SASL login and pass-through keys. */
    static Map<String, Object> of(LedgerConfig config) {
        Map<String, Object> client = new HashMap<>(config.originalsWithPrefix(PREFIX));
        client.remove("sasl.username");
        client.remove("sasl.password");
        String protocol = config.getString(SECURITY_PROTOCOL_CONFIG);
        SecurityProtocol parsed = parse(protocol);
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, parsed.name);
        if (parsed == SecurityProtocol.SASL_PLAINTEXT || parsed == SecurityProtocol.SASL_SSL) {
            String mechanism = config.getString(SASL_MECHANISM_CONFIG);
            String username = config.getString(SASL_USERNAME_CONFIG);
            String password = config.getPassword(SASL_PASSWORD_CONFIG).value();
            if (username.isEmpty() || password.isEmpty()) {
                throw new ConfigException(SASL_USERNAME_CONFIG, username, protocol + " needs a username and a password ("
                    + SASL_PASSWORD_CONFIG + ", or the HAZINA_KAFKA_SASL_PASSWORD environment variable)");
            }
            client.put(SaslConfigs.SASL_MECHANISM, mechanism);
            client.putIfAbsent(SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, username, password));
        }
        return client;
    }

    /** The JAAS line for a SCRAM or PLAIN login as {@code username}. */
    public static String jaas(String mechanism, String username, String password) {
        String module = mechanism.startsWith("SCRAM-") ? ScramLoginModule.class.getName() : PLAIN_LOGIN_MODULE;
        return module + " required username=\"" + quote(username) + "\" password=\"" + quote(password) + "\";";
    }

    private static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static SecurityProtocol parse(String protocol) {
        try {
            return SecurityProtocol.forName(protocol);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SECURITY_PROTOCOL_CONFIG, protocol, "not a Kafka security protocol");
        }
    }
}
