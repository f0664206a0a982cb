package dev.hazina.app.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * The declarative input of {@code hazina acls apply}: which principal has which role, plus the names
 * the grants need. It is read from the same properties file as the rest of the config:
 *
 * <pre>
 * hazina.acl.principal.channel-app=channel
 * hazina.acl.principal.ops=ops
 * hazina.acl.principal.replay=replay
 * hazina.acl.principal.ledger=ledger
 * </pre>
 *
 * The ledger's topic names and application id come from the {@code hazina.*} keys; the other
 * applications' names from {@code hazina.acl.*} keys, with the defaults below.
 */
public record AclSpec(Map<String, Role> principals, Map<String, String> names, LedgerConfig ledger) {

    public static final String PREFIX = "hazina.acl.";
    public static final String PRINCIPAL_PREFIX = PREFIX + "principal.";

    /** Names outside the ledger's own config, each overridable as {@code hazina.acl.<key>}. */
    static final Map<String, String> DEFAULT_NAMES = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("fraud.application.id", "hazina-fraud");
        names.put("fraud.inputs", "hazina.transfer-results,hazina.ledger-entries,hazina.account-events,hazina.telco-events");
        names.put("fraud.outputs", "hazina.account-risk,hazina.fraud-alerts");
        names.put("reconciliation.application.id", "hazina-reconciliation");
        names.put("reconciliation.inputs", "hazina.transfer-results,hazina.ledger-entries,hazina.settlements,"
            + "hazina.ledger-legs,hazina.account-events,hazina.trust-statements,hazina.settlement-commands,"
            + "hazina.dead-letters,hazina.reconciliation-alerts");
        names.put("reconciliation.outputs", "hazina.reconciliation-alerts,hazina.settlement-batches,"
            + "hazina.daily-reports,hazina.audit-checkpoints,hazina.settlement-windows");
        names.put("settlement.commands.topic", "hazina.settlement-commands");
        names.put("settlement.windows.topic", "hazina.settlement-windows");
        names.put("trust.statements.topic", "hazina.trust-statements");
        names.put("ledger.extra.inputs", "hazina.account-risk");
        names.put("connect.group.id", "hazina-connect");
        names.put("connect.topic.prefix", "hazina-connect-");
        names.put("connect.connector.group.prefix", "connect-");
        names.put("connect.inputs", "hazina.settlements,hazina.ledger-entries,hazina.settlement-batches");
        names.put("connect.dlq.topic", "hazina.connect-dlq");
        names.put("auditor.inputs", "hazina.ledger-entries,hazina.audit-checkpoints,hazina.daily-reports,"
            + "hazina.settlement-batches,hazina.settlements,hazina.reconciliation-alerts");
        return Map.copyOf(names);
    }

    /** The spec in {@code config}'s originals: its {@code hazina.acl.*} keys. */
    public static AclSpec from(LedgerConfig config) {
        Map<String, Role> principals = new TreeMap<>();
        Map<String, String> names = new LinkedHashMap<>(DEFAULT_NAMES);
        config.originals().forEach((key, value) -> {
            if (key.startsWith(PRINCIPAL_PREFIX)) {
                String principal = key.substring(PRINCIPAL_PREFIX.length());
                principals.put(principal, Role.parse(principal, value.toString()));
            } else if (key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length());
                if (!DEFAULT_NAMES.containsKey(name)) {
                    throw new IllegalArgumentException("unknown key " + key + "; known: " + PRINCIPAL_PREFIX
                        + "<principal>, and " + PREFIX + " + " + DEFAULT_NAMES.keySet());
                }
                names.put(name, value.toString().strip());
            }
        });
        if (principals.isEmpty()) {
            throw new IllegalArgumentException("no principals: add lines like " + PRINCIPAL_PREFIX + "channel-app=channel");
        }
        return new AclSpec(principals, names, config);
    }

    String name(String key) {
        return names.get(key);
    }

    List<String> list(String key) {
        return Arrays.stream(names.get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    String topic(TopicName topic) {
        return ledger.topicName(topic);
    }
}
