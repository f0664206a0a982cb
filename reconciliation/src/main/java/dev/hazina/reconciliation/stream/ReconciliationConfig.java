package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import dev.hazina.schemas.serde.AvroSerdeConfig;

/**
 * Typed configuration of the reconciliation stream: the {@code hazina.reconciliation.*} keys, and
 * the few keys it shares with the ledger (bootstrap servers, registry, partitions, replication and
 * the ledger's topic names), read under the ledger's own key names so one settings file serves both.
 * This module cannot see {@code LedgerConfig}; a test in the app module keeps the shared defaults equal.
 *
 * <p>How clients authenticate ({@code hazina.kafka.*}) is worked out by the ledger's config and handed
 * in through {@link #of(Map, Map)}.
 */
public final class ReconciliationConfig extends AbstractConfig {

    public static final String PREFIX = "hazina.reconciliation.";

    public static final String APPLICATION_ID_CONFIG = PREFIX + "application.id";
    public static final String ALERTS_TOPIC_CONFIG = PREFIX + "topic.alerts";
    public static final String STUCK_SAGA_MS_CONFIG = PREFIX + "stuck.saga.ms";
    public static final String HOLD_GRACE_MS_CONFIG = PREFIX + "hold.grace.ms";
    public static final String TRANSFER_QUIET_MS_CONFIG = PREFIX + "transfer.quiet.ms";
    public static final String CONSERVATION_WINDOW_MS_CONFIG = PREFIX + "conservation.window.ms";
    public static final String CONSERVATION_QUIET_MS_CONFIG = PREFIX + "conservation.quiet.ms";
    public static final String PUNCTUATE_INTERVAL_MS_CONFIG = PREFIX + "punctuate.interval.ms";
    public static final String CHECKPOINTS_TOPIC_CONFIG = PREFIX + "topic.checkpoints";
    public static final String CHECKPOINT_INTERVAL_MS_CONFIG = PREFIX + "checkpoint.interval.ms";

    public static final String STREAMS_PREFIX = PREFIX + "streams.";

    /** The daily report's own keys (see docs/reconciliation.md, "The daily report"). */
    public static final String REPORT_PREFIX = "hazina.report.";
    public static final String TRUST_STATEMENTS_TOPIC_CONFIG = REPORT_PREFIX + "topic.trust.statements";
    public static final String DAILY_REPORTS_TOPIC_CONFIG = REPORT_PREFIX + "topic.daily.reports";
    public static final String REPORT_GRACE_MS_CONFIG = REPORT_PREFIX + "grace.ms";
    private static final String REPORT_GRACE_MS_DOC = "How far the ledger's clock (postedAt) must pass a business day's end "
        + "before that day's report is FINAL: the time a lagging partition has to post the day's last entries.";
    public static final String REPORT_PROVISIONAL_INTERVAL_MS_CONFIG = REPORT_PREFIX + "provisional.interval.ms";
    private static final String REPORT_PROVISIONAL_INTERVAL_MS_DOC = "How often (wall clock) the PROVISIONAL report of a day "
        + "not yet final is published again, when its figures changed.";
    public static final String DEFAULT_TRUST_STATEMENTS_TOPIC = "hazina.trust-statements";
    public static final String DEFAULT_DAILY_REPORTS_TOPIC = "hazina.daily-reports";

    /** Shared with the ledger: the same keys and defaults as {@code LedgerConfig}. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "hazina.bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "hazina.schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "hazina.auto.register.schemas";
    public static final String SCHEMA_REGISTRY_USER_INFO_CONFIG = "hazina.schema.registry.basic.auth.user.info";
    public static final String PARTITIONS_CONFIG = "hazina.partitions";
    public static final String REPLICATION_FACTOR_CONFIG = "hazina.replication.factor";
    public static final String COMMIT_INTERVAL_MS_CONFIG = "hazina.commit.interval.ms";
    public static final String STATE_DIR_CONFIG = "hazina.state.dir";
    public static final String ENTRIES_TOPIC_CONFIG = "hazina.topic.entries";
    public static final String RESULTS_TOPIC_CONFIG = "hazina.topic.results";
    public static final String LEGS_TOPIC_CONFIG = "hazina.topic.legs";
    public static final String DEAD_LETTERS_TOPIC_CONFIG = "hazina.topic.dead.letters";
    public static final String TIME_ZONE_CONFIG = "hazina.time.zone";

    public static final String DEFAULT_APPLICATION_ID = "hazina-reconciliation";
    public static final String DEFAULT_ALERTS_TOPIC = "hazina.reconciliation-alerts";
    public static final String DEFAULT_CHECKPOINTS_TOPIC = "hazina.audit-checkpoints";
    public static final String DEFAULT_ENTRIES_TOPIC = "hazina.ledger-entries";
    public static final String DEFAULT_RESULTS_TOPIC = "hazina.transfer-results";
    public static final String DEFAULT_LEGS_TOPIC = "hazina.ledger-legs";
    public static final String DEFAULT_DEAD_LETTERS_TOPIC = "hazina.dead-letters";

    private static final ConfigDef DEFINITION = define();

    private final Map<String, Object> clientSecurity;

    public ReconciliationConfig(Map<?, ?> originals) {
        this(originals, Map.of());
    }

    private ReconciliationConfig(Map<?, ?> originals, Map<String, Object> clientSecurity) {
        super(DEFINITION, originals, false);
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /** The settings in {@code originals}, with the Kafka client security settings the ledger's config worked out. */
    public static ReconciliationConfig of(Map<?, ?> originals, Map<String, Object> clientSecurity) {
        return new ReconciliationConfig(originals, clientSecurity);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef define() {
        return new ConfigDef()
            .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, Importance.HIGH,
                "Kafka Streams application.id of the reconciliation stream; also the prefix of its internal topics.")
            .define(ALERTS_TOPIC_CONFIG, Type.STRING, DEFAULT_ALERTS_TOPIC, Importance.MEDIUM, "Name of the alerts topic (output).")
            .define(CHECKPOINTS_TOPIC_CONFIG, Type.STRING, DEFAULT_CHECKPOINTS_TOPIC, Importance.MEDIUM,
                "Name of the audit checkpoints topic (output): the journal's seal per ledger-entries partition and window.")
            .define(CHECKPOINT_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1), Importance.MEDIUM,
                "How often (wall clock) each ledger-entries partition's open window is sealed in an audit checkpoint.")
            .define(STUCK_SAGA_MS_CONFIG, Type.LONG, Duration.ofMinutes(2).toMillis(), Range.atLeast(1), Importance.HIGH,
                "How long (wall clock, from when the stream saw it) a saga leg that asks another partition may go unanswered before it is a stuck saga.")
            .define(HOLD_GRACE_MS_CONFIG, Type.LONG, Duration.ofMinutes(2).toMillis(), Range.atLeast(1), Importance.MEDIUM,
                "How long past its deadline (or past when the stream saw it, if later) a hold may stay unresolved before it is raised: the ledger expires holds every second.")
            .define(TRANSFER_QUIET_MS_CONFIG, Type.LONG, Duration.ofSeconds(10).toMillis(), Range.atLeast(1), Importance.MEDIUM,
                "How long a transfer must go without new entries before its debits and credits are compared.")
            .define(CONSERVATION_WINDOW_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1), Importance.MEDIUM,
                "Width of the conservation windows, by the entries' postedAt.")
            .define(CONSERVATION_QUIET_MS_CONFIG, Type.LONG, Duration.ofSeconds(10).toMillis(), Range.atLeast(1), Importance.MEDIUM,
                "How long a conservation window must go without new entries before its net is judged.")
            .define(PUNCTUATE_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofSeconds(1).toMillis(), Range.atLeast(1), Importance.LOW,
                "How often (wall clock) the quiet transfers, windows and unanswered legs are judged.")
            .define(TRUST_STATEMENTS_TOPIC_CONFIG, Type.STRING, DEFAULT_TRUST_STATEMENTS_TOPIC, Importance.MEDIUM,
                "Treasury's trust bank statements (input, keyed by bank account; only treasury writes it).")
            .define(DAILY_REPORTS_TOPIC_CONFIG, Type.STRING, DEFAULT_DAILY_REPORTS_TOPIC, Importance.MEDIUM,
                "The daily reports (output, compacted, keyed by currency:yyyy-MM-dd).")
            .define(REPORT_GRACE_MS_CONFIG, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                REPORT_GRACE_MS_DOC)
            .define(REPORT_PROVISIONAL_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1),
                Importance.LOW, REPORT_PROVISIONAL_INTERVAL_MS_DOC)
            .define(TIME_ZONE_CONFIG, Type.STRING, "Africa/Nairobi", Importance.MEDIUM,
                "Time zone of the business day (shared with the ledger).")
            .define(STATE_DIR_CONFIG, Type.STRING, "hazina-state", Importance.MEDIUM, "Kafka Streams state directory (shared with the ledger; each application keeps its own folder in it).")
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers (shared with the ledger).")
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "mock://hazina", Importance.HIGH, "Schema registry URL (shared with the ledger).")
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, "Whether the serdes register schemas (shared with the ledger).")
            .define(SCHEMA_REGISTRY_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.LOW, "Registry basic auth user:password (shared with the ledger).")
            .define(PARTITIONS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.HIGH, "Partitions of the ledger's topics and of the alerts topic.")
            .define(REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 3, Range.atLeast(1), Importance.HIGH, "Replication factor of the topics it creates.")
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM, "Kafka Streams commit interval (shared with the ledger).")
            .define(ENTRIES_TOPIC_CONFIG, Type.STRING, DEFAULT_ENTRIES_TOPIC, Importance.MEDIUM, "The ledger's entries topic (input).")
            .define(RESULTS_TOPIC_CONFIG, Type.STRING, DEFAULT_RESULTS_TOPIC, Importance.MEDIUM, "The ledger's results topic (input of the hold-deadline check and the daily report).")
            .define(LEGS_TOPIC_CONFIG, Type.STRING, DEFAULT_LEGS_TOPIC, Importance.MEDIUM, "The ledger's internal saga legs topic (input).")
            .define(DEAD_LETTERS_TOPIC_CONFIG, Type.STRING, DEFAULT_DEAD_LETTERS_TOPIC, Importance.MEDIUM,
                "The dead letters topic (shared with the ledger): counted in the daily report, and where rejected trust statements go.");
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public int partitions() {
        return getInt(PARTITIONS_CONFIG);
    }

    public short replicationFactor() {
        return getShort(REPLICATION_FACTOR_CONFIG);
    }

    public long stuckSagaMs() {
        return getLong(STUCK_SAGA_MS_CONFIG);
    }

    public long holdGraceMs() {
        return getLong(HOLD_GRACE_MS_CONFIG);
    }

    public long transferQuietMs() {
        return getLong(TRANSFER_QUIET_MS_CONFIG);
    }

    public long conservationWindowMs() {
        return getLong(CONSERVATION_WINDOW_MS_CONFIG);
    }

    public long conservationQuietMs() {
        return getLong(CONSERVATION_QUIET_MS_CONFIG);
    }

    public long checkpointIntervalMs() {
        return getLong(CHECKPOINT_INTERVAL_MS_CONFIG);
    }

    /** The zone of the business day; a bad zone id is a config error. */
    public ZoneId zone() {
        try {
            return ZoneId.of(getString(TIME_ZONE_CONFIG));
        } catch (RuntimeException e) {
            throw new ConfigException(TIME_ZONE_CONFIG, getString(TIME_ZONE_CONFIG), e.getMessage());
        }
    }

    public long reportGraceMs() {
        return getLong(REPORT_GRACE_MS_CONFIG);
    }

    public long reportProvisionalIntervalMs() {
        return getLong(REPORT_PROVISIONAL_INTERVAL_MS_CONFIG);
    }

    public long punctuateIntervalMs() {
        return getLong(PUNCTUATE_INTERVAL_MS_CONFIG);
    }

    /** Bootstrap servers and security settings for a plain Kafka client (admin, consumer). */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> client = new HashMap<>(clientSecurity);
        client.put("bootstrap.servers", bootstrapServers());
        return client;
    }

    /** Settings for the Avro serdes, as the ledger's: the registry URL, auth, auto-registration and TLS. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = AvroSerdeConfig.settings(getString(SCHEMA_REGISTRY_URL_CONFIG),
            getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG), getPassword(SCHEMA_REGISTRY_USER_INFO_CONFIG).value());
        serde.putAll(AvroSerdeConfig.registryTls(originals(), "hazina."));
        return serde;
    }

    /** The {@code hazina.reconciliation.streams.*} pass-through settings, prefix removed. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }
}
