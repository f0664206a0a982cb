package dev.hazina.app.security;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * The ACLs each role needs, and nothing more, computed from an {@link AclSpec}. Every grant is an
 * ALLOW; the broker's authorizer denies whatever no ACL allows.
 *
 * <ul>
 *   <li>channel: WRITE the channels' requests topic; READ results; READ its own groups (prefixed by its
 *       principal name).</li>
 *   <li>ops: WRITE the operator requests, account commands and settlement commands; READ results,
 *       account events and settlement windows; its own groups.</li>
 *   <li>treasury: WRITE the trust statements topic, and nothing else.</li>
 *   <li>replay: READ both request topics, results and dead letters; WRITE the channels' requests topic
 *       only (a principal that may write the operator topic may issue e-money).</li>
 *   <li>ledger, fraud, reconciliation (Streams, exactly-once): ALL on topics prefixed by the
 *       application.id (changelogs), READ on its group, WRITE on transactional ids prefixed by the
 *       application.id, READ on its inputs, WRITE on its outputs. Only the ledger writes the ledger's
 *       outputs and legs. The reconciliation stream also reads the dead letters and its own alerts,
 *       which its daily report counts.</li>
 *   <li>connect: its worker group and its sinks' groups, ALL on its internal topics by prefix, READ on
 *       its inputs, WRITE on its dead-letter queue.</li>
 *   <li>auditor: READ the ledger entries, audit checkpoints, daily reports, settlement batches,
 *       settlements and reconciliation alerts ({@code hazina audit verify}, {@code hazina report daily});
 *       its own groups; no WRITE anywhere.</li>
 * </ul>
 * Each READ or WRITE on a topic comes with DESCRIBE, which clients need for metadata.
 */
public final class AclPlan {

    private final AclSpec spec;

    public AclPlan(AclSpec spec) {
        this.spec = spec;
    }

    /** Every binding for every principal in the spec, sorted for stable output. */
    public List<AclBinding> bindings() {
        Set<AclBinding> all = new LinkedHashSet<>();
        spec.principals().forEach((principal, role) -> all.addAll(bindings(principal, role)));
        List<AclBinding> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(AclPlan::describe));
        return sorted;
    }

    List<AclBinding> bindings(String principal, Role role) {
        Grants grants = new Grants("User:" + principal);
        switch (role) {
            case CHANNEL -> {
                grants.write(spec.topic(TopicName.TRANSFER_REQUESTS));
                grants.read(spec.topic(TopicName.TRANSFER_RESULTS));
                grants.add(GROUP, principal, PREFIXED, READ);
            }
            case OPS -> {
                grants.write(spec.topic(TopicName.OPERATOR_REQUESTS));
                grants.write(spec.topic(TopicName.ACCOUNT_COMMANDS));
                grants.write(spec.name("settlement.commands.topic"));
                grants.read(spec.topic(TopicName.TRANSFER_RESULTS));
                grants.read(spec.topic(TopicName.ACCOUNT_EVENTS));
                grants.read(spec.name("settlement.windows.topic"));
                grants.add(GROUP, principal, PREFIXED, READ);
            }
            case REPLAY -> {
                grants.read(spec.topic(TopicName.TRANSFER_REQUESTS));
                grants.read(spec.topic(TopicName.OPERATOR_REQUESTS));
                grants.read(spec.topic(TopicName.TRANSFER_RESULTS));
                grants.read(spec.topic(TopicName.DEAD_LETTERS));
                grants.write(spec.topic(TopicName.TRANSFER_REQUESTS));
            }
            case LEDGER -> {
                grants.streamsApp(spec.ledger().applicationId());
                for (TopicName input : List.of(TopicName.TRANSFER_REQUESTS, TopicName.OPERATOR_REQUESTS,
                        TopicName.ACCOUNT_COMMANDS, TopicName.LEDGER_LEGS)) {
                    grants.read(spec.topic(input));
                }
                spec.list("ledger.extra.inputs").forEach(grants::read);
                for (TopicName output : List.of(TopicName.LEDGER_LEGS, TopicName.TRANSFER_RESULTS,
                        TopicName.LEDGER_ENTRIES, TopicName.SETTLEMENTS, TopicName.ACCOUNT_EVENTS,
                        TopicName.DEAD_LETTERS)) {
                    grants.write(spec.topic(output));
                }
            }
            case TREASURY -> grants.write(spec.name("trust.statements.topic"));
            case FRAUD -> grants.otherStreamsApp("fraud");
            case RECONCILIATION -> grants.otherStreamsApp("reconciliation");
            case CONNECT -> {
                grants.add(GROUP, spec.name("connect.group.id"), LITERAL, READ);
                grants.add(GROUP, spec.name("connect.connector.group.prefix"), PREFIXED, READ);
                grants.add(TOPIC, spec.name("connect.topic.prefix"), PREFIXED, ALL);
                spec.list("connect.inputs").forEach(grants::read);
                grants.write(spec.name("connect.dlq.topic"));
            }
            case AUDITOR -> {
                spec.list("auditor.inputs").forEach(grants::read);
                grants.add(GROUP, principal, PREFIXED, READ);
            }
            default -> throw new IllegalStateException("no grants for role " + role);
        }
        return grants.bindings;
    }

    /** One line per binding, as {@code --dry-run} prints it. */
    public static String describe(AclBinding binding) {
        ResourcePattern resource = binding.pattern();
        AccessControlEntry entry = binding.entry();
        return String.format("%-22s %-8s %-8s %-16s %s", entry.principal(), entry.operation(),
            resource.patternType(), resource.resourceType(), resource.name());
    }

    /** The grants of one principal, built up by role. */
    private final class Grants {

        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation operation) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }

        void read(String topic) {
            add(TOPIC, topic, LITERAL, READ);
            add(TOPIC, topic, LITERAL, DESCRIBE);
        }

        void write(String topic) {
            add(TOPIC, topic, LITERAL, WRITE);
            add(TOPIC, topic, LITERAL, DESCRIBE);
        }

        /** An exactly-once Streams application's own resources, all named by its application.id. */
        void streamsApp(String applicationId) {
            add(TOPIC, applicationId, PREFIXED, ALL);
            add(GROUP, applicationId, LITERAL, READ);
            add(TRANSACTIONAL_ID, applicationId, PREFIXED, WRITE);
            add(TRANSACTIONAL_ID, applicationId, PREFIXED, DESCRIBE);
        }

        /** Fraud or reconciliation: a Streams app reading the ledger's outputs and writing its own. */
        void otherStreamsApp(String app) {
            streamsApp(spec.name(app + ".application.id"));
            spec.list(app + ".inputs").forEach(this::read);
            spec.list(app + ".outputs").forEach(this::write);
            write(spec.topic(TopicName.DEAD_LETTERS));
        }
    }
}
