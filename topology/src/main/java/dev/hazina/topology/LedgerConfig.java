package dev.hazina.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.serde.AvroSerdeConfig;

/**
 * Typed Hazina configuration, in the style of {@code StreamsConfig}.
 *
 * <p>Values come from the defaults below, then a properties file, then {@code HAZINA_*}
 * environment variables ({@code HAZINA_DEDUPE_HORIZON_MS} sets {@code hazina.dedupe.horizon.ms}).
 * Keys starting with {@code hazina.streams.} pass through to Kafka Streams with the prefix removed;
 * {@code hazina.kafka.*} keys say how every Kafka client authenticates ({@link ClientSecurity}).
 */
public final class LedgerConfig extends AbstractConfig {

    public static final String APPLICATION_ID_CONFIG = "hazina.application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application.id of the ledger; also the prefix of its changelog topics.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "hazina.bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "hazina.schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Confluent-compatible schema registry URL; mock://<scope> is an in-process registry for tests and the embedded demo.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "hazina.auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Register schemas on first use. Off in production: run 'hazina schemas register' instead.";

    public static final String SCHEMA_REGISTRY_USER_INFO_CONFIG = "hazina.schema.registry.basic.auth.user.info";
    private static final String SCHEMA_REGISTRY_USER_INFO_DOC = "user:password for the schema registry's basic auth, or empty for none.";

    public static final String PARTITIONS_CONFIG = "hazina.partitions";
    private static final String PARTITIONS_DOC = "Partition count of the co-partitioned inputs (requests, account commands, legs). The ledger refuses to start if the topics differ.";

    public static final String REPLICATION_FACTOR_CONFIG = "hazina.replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "Replication factor for the topics Hazina creates, changelogs included.";

    public static final String NUM_STREAM_THREADS_CONFIG = "hazina.num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads per instance.";

    public static final String NUM_STANDBY_REPLICAS_CONFIG = "hazina.num.standby.replicas";
    private static final String NUM_STANDBY_REPLICAS_DOC = "Standby replicas of each state store, for fast failover.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "hazina.commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often a task commits its transaction. Each saga hop waits for one commit, so this bounds latency per hop.";

    public static final String STATE_DIR_CONFIG = "hazina.state.dir";
    private static final String STATE_DIR_DOC = "Where RocksDB state lives: with the instance's data (relative paths from the working directory), never a temp folder other clusters share. State built against another cluster is wiped at start.";

    public static final String ROCKSDB_BLOCK_CACHE_BYTES_CONFIG = "hazina.rocksdb.block.cache.bytes";
    private static final String ROCKSDB_BLOCK_CACHE_BYTES_DOC = "RocksDB block cache shared by every store of an instance, in bytes.";

    public static final String ROCKSDB_WRITE_BUFFER_BYTES_CONFIG = "hazina.rocksdb.write.buffer.bytes";
    private static final String ROCKSDB_WRITE_BUFFER_BYTES_DOC = "RocksDB memtable memory shared by every store of an instance, in bytes (counted against the block cache).";

    public static final String DEDUPE_HORIZON_MS_CONFIG = "hazina.dedupe.horizon.ms";
    private static final String DEDUPE_HORIZON_MS_DOC = "How long a requestId is remembered. A request older than this is refused (REQUEST_TOO_OLD), so a replay beyond the horizon cannot post twice.";

    public static final String STATEMENT_SIZE_CONFIG = "hazina.statement.size";
    private static final String STATEMENT_SIZE_DOC = "How many of its latest entries the ledger keeps per customer, merchant and agent account for the mini-statement query (system accounts keep none).";

    public static final String SAGA_REBUILD_BATCH_CONFIG = "hazina.saga.rebuild.batch";
    private static final String SAGA_REBUILD_BATCH_DOC = "How many transfer records a task reads per step (about every 10 ms of wall clock) when it rebuilds its count of sagas in flight at start; the saga gauges are NaN until it is done.";

    public static final String DEDUPE_SWEEP_INTERVAL_MS_CONFIG = "hazina.dedupe.sweep.interval.ms";
    private static final String DEDUPE_SWEEP_INTERVAL_MS_DOC = "How often (wall clock) expired dedupe records are deleted.";

    public static final String CLOCK_SKEW_MS_CONFIG = "hazina.clock.skew.ms";
    public static final String UPGRADE_FROM_CONFIG = "hazina.upgrade.from";
    private static final String UPGRADE_FROM_DOC = "Set to the release a rolling upgrade leaves (only 0.1 so far) for the first bounce: this build then writes only enum symbols that release can read. Remove it in a second bounce once no older instance runs.";
    private static final String CLOCK_SKEW_MS_DOC = "How far a request's timestamps (the record's, and its requestedAt) may be from the ledger's business clock: more than this behind the latest accepted request, or ahead of the wall clock, is refused CLOCK_SKEW.";

    public static final String TIME_ZONE_CONFIG = "hazina.time.zone";
    private static final String TIME_ZONE_DOC = "Time zone of the business day: daily limits roll over and settlements are dated at its midnight.";

    public static final String ID_MAX_LENGTH_CONFIG = "hazina.id.max.length";
    private static final String ID_MAX_LENGTH_DOC = "Longest requestId or account id accepted, in characters.";

    public static final String METADATA_MAX_BYTES_CONFIG = "hazina.metadata.max.bytes";
    private static final String METADATA_MAX_BYTES_DOC = "Largest total size of a request's metadata keys and values, in UTF-8 bytes.";

    public static final String ISSUE_MAX_AMOUNT_CONFIG = "hazina.issue.max.amount";
    private static final String ISSUE_MAX_AMOUNT_DOC = "Largest single ISSUE (e-money creation) in minor units.";

    public static final String COMMISSION_BPS_CONFIG = "hazina.commission.cash.out.bps";
    private static final String COMMISSION_BPS_DOC = "Share of a CASH_OUT fee paid to the agent as commission, in basis points (0-10000).";

    public static final String HOLD_TIMEOUT_MS_CONFIG = "hazina.hold.timeout.ms";
    private static final String HOLD_TIMEOUT_MS_DOC = "How long an AUTHORIZE holds funds before it expires (outcome EXPIRED). A hold never outlives its dedupe record: it expires at the dedupe horizon at the latest.";

    public static final String HOLD_SWEEP_INTERVAL_MS_CONFIG = "hazina.hold.sweep.interval.ms";
    private static final String HOLD_SWEEP_INTERVAL_MS_DOC = "How often (wall clock) holds past their deadline are expired, even when no traffic arrives. A CAPTURE or VOID after the deadline is refused HOLD_EXPIRED whether or not the sweep has run.";

    public static final String REVERSAL_WINDOW_MS_CONFIG = "hazina.reversal.window.ms";
    private static final String REVERSAL_WINDOW_MS_DOC = "How long after it was received a completed transfer may be reversed; older ones are NOT_REVERSIBLE. Beyond the dedupe horizon a transfer is forgotten and TRANSFER_NOT_FOUND.";

    public static final String REVERSAL_REFUND_FEE_CONFIG = "hazina.reversal.refund.fee";
    private static final String REVERSAL_REFUND_FEE_DOC = "Whether a REVERSAL gives the original payer its fee back too (and claws back a cash-out agent's commission). When false the fee stays earned and only the principal moves back.";

    /** Prefix of the per-kind tariff keys, e.g. {@code hazina.tariff.p2p}. */
    public static final String TARIFF_PREFIX = "hazina.tariff.";
    private static final String TARIFF_DOC = "Fee bands for %s: comma-separated upTo:fee pairs in minor units, ascending. An amount above the last band pays the last band's fee.";

    /** Prefix of the topic-name keys, e.g. {@code hazina.topic.requests}. */
    public static final String TOPIC_PREFIX = "hazina.topic.";

    public static final String STREAMS_PREFIX = "hazina.streams.";

    /** Default fee bands in KES cents, after M-PESA's published send-money and withdrawal tariffs. */
    static final Map<TransferKind, String> DEFAULT_TARIFFS = Map.of(
        TransferKind.P2P, "10000:0,50000:700,100000:1300,150000:2300,250000:3300,350000:5300,500000:5700,"
            + "750000:7800,1000000:9000,1500000:10000,2000000:10500,25000000:10800",
        TransferKind.CASH_OUT, "10000:1100,250000:2900,350000:5200,500000:6900,750000:8700,1000000:11500,"
            + "1500000:16700,2000000:18500,3500000:19700,5000000:27800,25000000:30900",
        TransferKind.B2C, "100000:500,1000000:1000,25000000:2200",
        TransferKind.CASH_IN, "0:0",
        TransferKind.MERCHANT_PAYMENT, "0:0",
        TransferKind.ISSUE, "0:0");

    private static final ConfigDef DEFINITION = define();

    public LedgerConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        zoneId();
        for (TransferKind kind : TransferKind.values()) {
            tariff(kind);
        }
    }

    /** Defaults, then {@code file} if given, then {@code HAZINA_*} variables from {@code env}. */
    public static LedgerConfig load(Path file, Map<String, String> env) {
        Map<String, Object> values = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read config file " + file, e);
            }
            properties.forEach((k, v) -> values.put(k.toString(), v));
        }
        values.putAll(fromEnvironment(env));
        return new LedgerConfig(values);
    }

    /** {@code HAZINA_DEDUPE_HORIZON_MS=5} becomes {@code hazina.dedupe.horizon.ms=5}. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("HAZINA_") && !name.equals("HAZINA_JAVA_OPTS")) {
                values.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
            .define(APPLICATION_ID_CONFIG, Type.STRING, "hazina-ledger", Importance.HIGH, APPLICATION_ID_DOC)
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "127.0.0.1:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "mock://hazina", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(SCHEMA_REGISTRY_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.LOW, SCHEMA_REGISTRY_USER_INFO_DOC)
            .define(PARTITIONS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.HIGH, PARTITIONS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 3, Range.atLeast(1), Importance.HIGH, REPLICATION_FACTOR_DOC)
            .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 2, Range.atLeast(1), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
            .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM, NUM_STANDBY_REPLICAS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, "hazina-state", Importance.MEDIUM, STATE_DIR_DOC)
            .define(ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1024 * 1024), Importance.LOW, ROCKSDB_BLOCK_CACHE_BYTES_DOC)
            .define(ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024 * 1024), Importance.LOW, ROCKSDB_WRITE_BUFFER_BYTES_DOC)
            .define(DEDUPE_HORIZON_MS_CONFIG, Type.LONG, Duration.ofDays(30).toMillis(), Range.atLeast(1), Importance.HIGH, DEDUPE_HORIZON_MS_DOC)
            .define(STATEMENT_SIZE_CONFIG, Type.INT, 10, Range.between(1, 100), Importance.LOW, STATEMENT_SIZE_DOC)
            .define(DEDUPE_SWEEP_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1), Importance.LOW, DEDUPE_SWEEP_INTERVAL_MS_DOC)
            .define(SAGA_REBUILD_BATCH_CONFIG, Type.INT, 20_000, Range.atLeast(1), Importance.LOW, SAGA_REBUILD_BATCH_DOC)
            .define(UPGRADE_FROM_CONFIG, Type.STRING, "", ConfigDef.ValidString.in("", UpgradeCompat.PREVIOUS_RELEASE), Importance.MEDIUM, UPGRADE_FROM_DOC)
            .define(CLOCK_SKEW_MS_CONFIG, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(0), Importance.MEDIUM, CLOCK_SKEW_MS_DOC)
            .define(TIME_ZONE_CONFIG, Type.STRING, "Africa/Nairobi", Importance.MEDIUM, TIME_ZONE_DOC)
            .define(ID_MAX_LENGTH_CONFIG, Type.INT, 64, Range.between(1, 1024), Importance.LOW, ID_MAX_LENGTH_DOC)
            .define(METADATA_MAX_BYTES_CONFIG, Type.INT, 4096, Range.atLeast(0), Importance.LOW, METADATA_MAX_BYTES_DOC)
            .define(ISSUE_MAX_AMOUNT_CONFIG, Type.LONG, 1_000_000_000_000L, Range.between(1, Amounts.MAX), Importance.MEDIUM, ISSUE_MAX_AMOUNT_DOC)
            .define(COMMISSION_BPS_CONFIG, Type.INT, 5000, Range.between(0, 10_000), Importance.MEDIUM, COMMISSION_BPS_DOC)
            .define(HOLD_TIMEOUT_MS_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(1), Importance.MEDIUM, HOLD_TIMEOUT_MS_DOC)
            .define(HOLD_SWEEP_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofSeconds(1).toMillis(), Range.atLeast(1), Importance.LOW, HOLD_SWEEP_INTERVAL_MS_DOC)
            .define(REVERSAL_WINDOW_MS_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(0), Importance.MEDIUM, REVERSAL_WINDOW_MS_DOC)
            .define(REVERSAL_REFUND_FEE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, REVERSAL_REFUND_FEE_DOC);
        for (TransferKind kind : TransferKind.values()) {
            def.define(tariffKey(kind), Type.STRING, DEFAULT_TARIFFS.getOrDefault(kind, "0:0"), Importance.MEDIUM,
                String.format(TARIFF_DOC, kind));
        }
        ClientSecurity.define(def);
        for (TopicName topic : TopicName.values()) {
            def.define(TOPIC_PREFIX + topic.key, Type.STRING, topic.defaultName, Importance.MEDIUM,
                "Name of the " + topic.defaultName + " topic.");
        }
        return def;
    }

    static String tariffKey(TransferKind kind) {
        return TARIFF_PREFIX + kind.name().toLowerCase(Locale.ROOT).replace('_', '.');
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

    public long dedupeHorizonMs() {
        return getLong(DEDUPE_HORIZON_MS_CONFIG);
    }

    public int statementSize() {
        return getInt(STATEMENT_SIZE_CONFIG);
    }

    public long dedupeSweepIntervalMs() {
        return getLong(DEDUPE_SWEEP_INTERVAL_MS_CONFIG);
    }

    public int sagaRebuildBatch() {
        return getInt(SAGA_REBUILD_BATCH_CONFIG);
    }

    public String upgradeFrom() {
        return getString(UPGRADE_FROM_CONFIG);
    }

    public long clockSkewMs() {
        return getLong(CLOCK_SKEW_MS_CONFIG);
    }

    public ZoneId zoneId() {
        String zone = getString(TIME_ZONE_CONFIG);
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException(TIME_ZONE_CONFIG, zone, "not a time zone id: " + e.getMessage());
        }
    }

    public int idMaxLength() {
        return getInt(ID_MAX_LENGTH_CONFIG);
    }

    public int metadataMaxBytes() {
        return getInt(METADATA_MAX_BYTES_CONFIG);
    }

    public long issueMaxAmount() {
        return getLong(ISSUE_MAX_AMOUNT_CONFIG);
    }

    public Tariff tariff(TransferKind kind) {
        String key = tariffKey(kind);
        return Tariff.parse(key, getString(key));
    }

    public int commissionBps() {
        return getInt(COMMISSION_BPS_CONFIG);
    }

    public long holdTimeoutMs() {
        return getLong(HOLD_TIMEOUT_MS_CONFIG);
    }

    public long holdSweepIntervalMs() {
        return getLong(HOLD_SWEEP_INTERVAL_MS_CONFIG);
    }

    public long reversalWindowMs() {
        return getLong(REVERSAL_WINDOW_MS_CONFIG);
    }

    public boolean reversalRefundsFee() {
        return getBoolean(REVERSAL_REFUND_FEE_CONFIG);
    }

    public String topicName(TopicName topic) {
        return getString(TOPIC_PREFIX + topic.key);
    }

    /**
     * Settings for a plain Kafka client (producer, consumer, admin): the bootstrap servers and the
     * {@code hazina.kafka.*} security settings ({@link ClientSecurity}).
     */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> client = kafkaSecurityConfig();
        client.put("bootstrap.servers", bootstrapServers());
        return client;
    }

    /** Just the security settings of {@link #kafkaClientConfig()}, for clients that set their own bootstrap. */
    public Map<String, Object> kafkaSecurityConfig() {
        return ClientSecurity.of(this);
    }

    /**
     * Settings for the Avro serdes: the schema registry URL, auth, auto-registration and TLS (every
     * {@code hazina.schema.registry.ssl.*} key, e.g. {@code hazina.schema.registry.ssl.truststore.location}).
     */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = AvroSerdeConfig.settings(getString(SCHEMA_REGISTRY_URL_CONFIG),
            getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG), getPassword(SCHEMA_REGISTRY_USER_INFO_CONFIG).value());
        serde.putAll(AvroSerdeConfig.registryTls(originals(), "hazina."));
        return serde;
    }

    /** The {@code hazina.streams.*} pass-through settings, prefix removed. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }

    /** The logical topics and their config keys. */
    public enum TopicName {
        TRANSFER_REQUESTS("requests", "hazina.transfer-requests"),
        OPERATOR_REQUESTS("operator.requests", "hazina.operator-requests"),
        ACCOUNT_COMMANDS("commands", "hazina.account-commands"),
        LEDGER_LEGS("legs", "hazina.ledger-legs"),
        TRANSFER_RESULTS("results", "hazina.transfer-results"),
        LEDGER_ENTRIES("entries", "hazina.ledger-entries"),
        SETTLEMENTS("settlements", "hazina.settlements"),
        ACCOUNT_EVENTS("account.events", "hazina.account-events"),
        DEAD_LETTERS("dead.letters", "hazina.dead-letters"),
        ACCOUNT_RISK("account.risk", "hazina.account-risk");

        final String key;
        final String defaultName;

        TopicName(String key, String defaultName) {
            this.key = key;
            this.defaultName = defaultName;
        }

        public String configKey() {
            return TOPIC_PREFIX + key;
        }
    }
}
