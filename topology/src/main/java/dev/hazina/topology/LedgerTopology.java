package dev.hazina.topology;

import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Builds the ledger topology: four co-partitioned inputs feeding three processors that share
 * the account and transfer stores, so one task owns each account outright.
 *
 * <pre>
 * transfer-requests --> transfer-request-processor --+--> transfer-results
 * operator-requests -/                               |
 * ledger-legs ------->  ledger-leg-processor --------+--> ledger-entries, settlements
 *                                                    +--> ledger-legs (CREDIT / REFUND / CONFIRM,
 *                                                    |    REVERSAL_* and TOPUP_* steps)
 * account-commands -->  account-command-processor ------> account-events
 * account-risk ------>  account-risk-processor (fills the read-only risk store the first two consult)
 * </pre>
 */
public final class LedgerTopology {

    public static final String REQUESTS_SOURCE = "transfer-requests-source";
    public static final String OPERATOR_REQUESTS_SOURCE = "operator-requests-source";
    public static final String COMMANDS_SOURCE = "account-commands-source";
    public static final String LEGS_SOURCE = "ledger-legs-source";
    public static final String RISK_SOURCE = "account-risk-source";

    public static final String REQUEST_PROCESSOR = "transfer-request-processor";
    public static final String LEG_PROCESSOR = "ledger-leg-processor";
    public static final String COMMAND_PROCESSOR = "account-command-processor";
    public static final String RISK_PROCESSOR = "account-risk-processor";

    private LedgerTopology() {
    }

    public static Topology build(LedgerConfig config) {
        return build(config, LedgerMeters.none());
    }

    /** The topology, counting its decisions into {@code meters}. */
    public static Topology build(LedgerConfig config, LedgerMeters meters) {
        LedgerTopics topics = LedgerTopics.from(config);
        Topology topology = new Topology();

        topology.addSource(REQUESTS_SOURCE, topics.requests().keySerde().deserializer(),
            topics.requests().valueSerde().deserializer(), topics.requests().name());
        topology.addSource(OPERATOR_REQUESTS_SOURCE, topics.operatorRequests().keySerde().deserializer(),
            topics.operatorRequests().valueSerde().deserializer(), topics.operatorRequests().name());
        topology.addSource(COMMANDS_SOURCE, topics.commands().keySerde().deserializer(),
            topics.commands().valueSerde().deserializer(), topics.commands().name());
        topology.addSource(LEGS_SOURCE, topics.legs().keySerde().deserializer(),
            topics.legs().valueSerde().deserializer(), topics.legs().name());

        topology.addProcessor(REQUEST_PROCESSOR, () -> new TransferRequestProcessor(config, meters), REQUESTS_SOURCE,
            OPERATOR_REQUESTS_SOURCE);
        topology.addProcessor(LEG_PROCESSOR, () -> new LedgerLegProcessor(config, meters), LEGS_SOURCE);
        topology.addProcessor(COMMAND_PROCESSOR, () -> new AccountCommandProcessor(config, meters), COMMANDS_SOURCE);

        topology.addStateStore(LedgerStores.accounts(config), REQUEST_PROCESSOR, LEG_PROCESSOR, COMMAND_PROCESSOR);
        topology.addStateStore(LedgerStores.transfers(config), REQUEST_PROCESSOR, LEG_PROCESSOR);
        if (new UpgradeCompat(config.upgradeFrom()).keepsStatements()) {
            topology.addStateStore(LedgerStores.statements(config), REQUEST_PROCESSOR, LEG_PROCESSOR);
        }
        topology.addStateStore(LedgerStores.transferExpiry(), REQUEST_PROCESSOR);
        topology.addStateStore(LedgerStores.holdExpiry(), REQUEST_PROCESSOR);
        topology.addStateStore(LedgerStores.offsets(), REQUEST_PROCESSOR, LEG_PROCESSOR, COMMAND_PROCESSOR);
        topology.addReadOnlyStateStore(LedgerStores.accountRisk(config), RISK_SOURCE,
            topics.risk().keySerde().deserializer(), topics.risk().valueSerde().deserializer(), topics.risk().name(),
            RISK_PROCESSOR, () -> new AccountRiskProcessor(config));
        topology.connectProcessorAndStateStores(REQUEST_PROCESSOR, LedgerStores.ACCOUNT_RISK);
        topology.connectProcessorAndStateStores(LEG_PROCESSOR, LedgerStores.ACCOUNT_RISK);

        topology.addSink(LedgerOutput.RESULTS_SINK, topics.results().name(), topics.results().keySerde().serializer(),
            topics.results().valueSerde().serializer(), REQUEST_PROCESSOR, LEG_PROCESSOR);
        topology.addSink(LedgerOutput.ENTRIES_SINK, topics.entries().name(), topics.entries().keySerde().serializer(),
            topics.entries().valueSerde().serializer(), REQUEST_PROCESSOR, LEG_PROCESSOR);
        topology.addSink(LedgerOutput.LEGS_SINK, topics.legs().name(), topics.legs().keySerde().serializer(),
            topics.legs().valueSerde().serializer(), REQUEST_PROCESSOR, LEG_PROCESSOR);
        topology.addSink(LedgerOutput.SETTLEMENTS_SINK, topics.settlements().name(), topics.settlements().keySerde().serializer(),
            topics.settlements().valueSerde().serializer(), LEG_PROCESSOR);
        topology.addSink(LedgerOutput.ACCOUNT_EVENTS_SINK, topics.accountEvents().name(),
            topics.accountEvents().keySerde().serializer(), topics.accountEvents().valueSerde().serializer(),
            COMMAND_PROCESSOR);
        return topology;
    }

    /** Kafka Streams settings: exactly-once, explicit naming, dead-letter handlers, RocksDB tuning. */
    public static Properties streamsProperties(LedgerConfig config) {
        return streamsProperties(config, LedgerMeters.none());
    }

    /** The same, handing {@code meters} to the dead-letter handlers. */
    public static Properties streamsProperties(LedgerConfig config, LedgerMeters meters) {
        Properties props = new Properties();
        // The handlers and the RocksDB config setter read the hazina.* keys from here.
        config.originals().forEach((key, value) -> {
            if (key.startsWith("hazina.") && !key.startsWith(LedgerConfig.STREAMS_PREFIX)
                && !key.startsWith(ClientSecurity.PREFIX)) {
                props.put(key, value);
            }
        });
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.putAll(config.kafkaSecurityConfig());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(LedgerConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(LedgerConfig.NUM_STREAM_THREADS_CONFIG));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(LedgerConfig.STATE_DIR_CONFIG));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, LedgerRocksDBConfigSetter.class);
        props.putAll(config.streamsOverrides());
        props.put(LedgerMeters.CONFIG, meters);
        return props;
    }
}
