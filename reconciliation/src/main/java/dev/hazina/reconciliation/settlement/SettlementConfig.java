package dev.hazina.reconciliation.settlement;

import java.time.ZoneId;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import dev.hazina.schemas.serde.AvroSerdeConfig;

/**
 * Typed configuration of the settlement windows. The {@code hazina.settlement.*} keys are its own;
 * the keys it shares with the ledger (the settlements and dead-letter topic names, the partition
 * count, the registry, the time zone) have the ledger's names and defaults, so one properties file
 * drives both. They are repeated here because reconciliation may not depend on the topology module.
 */
public final class SettlementConfig extends AbstractConfig {

    public static final String SETTLEMENTS_TOPIC_CONFIG = "hazina.topic.settlements";
    public static final String DEAD_LETTERS_TOPIC_CONFIG = "hazina.topic.dead.letters";
    public static final String PARTITIONS_CONFIG = "hazina.partitions";
    public static final String TIME_ZONE_CONFIG = "hazina.time.zone";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "hazina.schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "hazina.auto.register.schemas";
    public static final String SCHEMA_REGISTRY_USER_INFO_CONFIG = "hazina.schema.registry.basic.auth.user.info";

    public static final String COMMANDS_TOPIC_CONFIG = "hazina.settlement.topic.commands";
    public static final String BATCHES_TOPIC_CONFIG = "hazina.settlement.topic.batches";
    public static final String WINDOWS_TOPIC_CONFIG = "hazina.settlement.topic.windows";
    /** The reconciliation stream's application id (its key and default): the internal topics' prefix. */
    public static final String APPLICATION_ID_CONFIG = "hazina.reconciliation.application.id";
    public static final String CHANGES_TOPIC_CONFIG = "hazina.settlement.topic.window.changes";
    public static final String PARTS_TOPIC_CONFIG = "hazina.settlement.topic.window.parts";

    public static final String SCHEDULE_CONFIG = "hazina.settlement.schedule";
    private static final String SCHEDULE_DOC = "When open windows close by themselves, in the time zone: daily@HH:mm (a daily cut-off), "
        + "every <N>m or every <N>h (cut-offs at multiples of N from local midnight), or never.";

    public static final String SCHEDULE_CHECK_INTERVAL_MS_CONFIG = "hazina.settlement.schedule.check.interval.ms";
    private static final String SCHEDULE_CHECK_INTERVAL_MS_DOC = "How often (wall clock) the schedule is checked against the open windows.";

    private static final ConfigDef DEFINITION = new ConfigDef()
        .define(SETTLEMENTS_TOPIC_CONFIG, Type.STRING, "hazina.settlements", Importance.HIGH, "The ledger's settlements topic (input).")
        .define(DEAD_LETTERS_TOPIC_CONFIG, Type.STRING, "hazina.dead-letters", Importance.MEDIUM, "Where rejected settlement commands go, with the reason.")
        .define(PARTITIONS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.HIGH, "Partition count of the settlements topic: a window is complete when this many parts reported.")
        .define(TIME_ZONE_CONFIG, Type.STRING, "Africa/Nairobi", Importance.MEDIUM, "Time zone of the business day and of the settlement schedule.")
        .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "mock://hazina", Importance.HIGH, "Confluent-compatible schema registry URL.")
        .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, "Whether the serdes register schemas on first use (as the ledger: false in production).")
        .define(SCHEMA_REGISTRY_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.LOW, "user:password for the registry, or empty.")
        .define(COMMANDS_TOPIC_CONFIG, Type.STRING, "hazina.settlement-commands", Importance.MEDIUM, "Operators' settlement commands (input, keyed by currency; only operators write it).")
        .define(BATCHES_TOPIC_CONFIG, Type.STRING, "hazina.settlement-batches", Importance.MEDIUM, "One batch per party per closed window (output, keyed by party).")
        .define(WINDOWS_TOPIC_CONFIG, Type.STRING, "hazina.settlement-windows", Importance.MEDIUM, "Window states (output, compacted, keyed by window id).")
        .define(APPLICATION_ID_CONFIG, Type.STRING, "hazina-reconciliation", Importance.MEDIUM,
            "The reconciliation stream's application id; the internal topics below default to names under it.")
        .define(CHANGES_TOPIC_CONFIG, Type.STRING, null, Importance.LOW,
            "Internal: each window decision copied to every partition; co-partitioned with the settlements topic. "
                + "Default: <application id>-settlement-window-changes.")
        .define(PARTS_TOPIC_CONFIG, Type.STRING, null, Importance.LOW,
            "Internal: each partition's report on its part of a window, keyed by currency; co-partitioned with the commands "
                + "topic. Default: <application id>-settlement-window-parts.")
        .define(SCHEDULE_CONFIG, Type.STRING, "daily@00:00", Importance.HIGH, SCHEDULE_DOC)
        .define(SCHEDULE_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(1), Importance.LOW, SCHEDULE_CHECK_INTERVAL_MS_DOC);

    private final SettlementSchedule schedule;
    private final ZoneId zone;

    public SettlementConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        try {
            this.zone = ZoneId.of(getString(TIME_ZONE_CONFIG));
        } catch (RuntimeException e) {
            throw new ConfigException(TIME_ZONE_CONFIG, getString(TIME_ZONE_CONFIG), e.getMessage());
        }
        this.schedule = SettlementSchedule.parse(getString(SCHEDULE_CONFIG), zone);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    public SettlementSchedule schedule() {
        return schedule;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The window changes topic: as configured, else under the application id, so two streams never share it. */
    public String changesTopic() {
        return internalTopic(CHANGES_TOPIC_CONFIG, "-settlement-window-changes");
    }

    /** The window parts topic: as configured, else under the application id. */
    public String partsTopic() {
        return internalTopic(PARTS_TOPIC_CONFIG, "-settlement-window-parts");
    }

    private String internalTopic(String key, String suffix) {
        String configured = getString(key);
        return configured != null && !configured.isBlank() ? configured : getString(APPLICATION_ID_CONFIG) + suffix;
    }

    public int partitions() {
        return getInt(PARTITIONS_CONFIG);
    }

    public long scheduleCheckIntervalMs() {
        return getLong(SCHEDULE_CHECK_INTERVAL_MS_CONFIG);
    }

    /** The settings of the Avro serdes, as the ledger builds them. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = AvroSerdeConfig.settings(getString(SCHEMA_REGISTRY_URL_CONFIG),
            getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG), getPassword(SCHEMA_REGISTRY_USER_INFO_CONFIG).value());
        serde.putAll(AvroSerdeConfig.registryTls(originals(), "hazina."));
        return serde;
    }
}
