package dev.hazina.fraud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import dev.hazina.fraud.rules.RuleConfig;
import dev.hazina.fraud.rules.Rules;
import dev.hazina.topology.LedgerConfig;

/**
 * Typed configuration of the fraud stream, in the style of {@link LedgerConfig}: the
 * {@code hazina.fraud.*} keys here, and everything it shares with the ledger (bootstrap servers,
 * registry, partitions, replication, the ledger's topic names) read through {@link #ledger()} from
 * the same settings. Rule thresholds are in {@link RuleConfig}; typologies are
 * {@code hazina.fraud.typology.<id>.weights|alert|interdict}.
 */
public final class FraudConfig extends AbstractConfig {

    public static final String PREFIX = "hazina.fraud.";

    public static final String APPLICATION_ID_CONFIG = "hazina.fraud.application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application.id of the fraud stream; also the prefix of its changelogs.";

    public static final String TELCO_EVENTS_TOPIC_CONFIG = "hazina.fraud.topic.telco.events";
    public static final String ALERTS_TOPIC_CONFIG = "hazina.fraud.topic.alerts";
    public static final String CASE_COMMANDS_TOPIC_CONFIG = "hazina.fraud.topic.case.commands";
    public static final String CASE_EVENTS_TOPIC_CONFIG = "hazina.fraud.topic.case.events";
    public static final String REVERSALS_TOPIC_CONFIG = "hazina.fraud.topic.reversals";

    public static final String INTERDICT_TTL_MS_CONFIG = "hazina.fraud.interdict.ttl.ms";
    private static final String INTERDICT_TTL_MS_DOC = "How long an interdiction blocks an account without an operator's decision; then it lapses (EXPIRED).";

    public static final String CLEARED_GRACE_MS_CONFIG = "hazina.fraud.cleared.grace.ms";
    private static final String CLEARED_GRACE_MS_DOC = "After an operator clears a case, how long the same typology stays quiet on that account.";

    public static final String EXPIRY_SWEEP_INTERVAL_MS_CONFIG = "hazina.fraud.expiry.sweep.interval.ms";
    private static final String EXPIRY_SWEEP_INTERVAL_MS_DOC = "How often (wall clock) lapsed interdictions are lifted, with or without traffic.";

    public static final String SIM_SWAP_DEBIT_CAP_CONFIG = "hazina.fraud.sim.swap.debit.cap";
    private static final String SIM_SWAP_DEBIT_CAP_DOC = "Largest single debit, in minor units, the ledger allows within the SIM swap window after a swap.";

    public static final String TYPOLOGY_PREFIX = "hazina.fraud.typology.";

    private static final ConfigDef DEFINITION = define();

    private final LedgerConfig ledger;
    private final RuleConfig rules;
    private final List<Typology> typologies;

    public FraudConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        this.ledger = new LedgerConfig(originals);
        this.rules = new RuleConfig(this);
        this.typologies = parseTypologies();
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
            .define(APPLICATION_ID_CONFIG, Type.STRING, "hazina-fraud", Importance.HIGH, APPLICATION_ID_DOC)
            .define(TELCO_EVENTS_TOPIC_CONFIG, Type.STRING, "hazina.telco-events", Importance.MEDIUM, "Name of the telco signals topic (input).")
            .define(ALERTS_TOPIC_CONFIG, Type.STRING, "hazina.fraud-alerts", Importance.MEDIUM, "Name of the case queue topic (output).")
            .define(CASE_COMMANDS_TOPIC_CONFIG, Type.STRING, "hazina.fraud-case-commands", Importance.MEDIUM, "Name of the operators' case commands topic (input).")
            .define(CASE_EVENTS_TOPIC_CONFIG, Type.STRING, "hazina.fraud-case-events", Importance.MEDIUM, "Name of the verdict changes topic (output, the audit trail).")
            .define(REVERSALS_TOPIC_CONFIG, Type.STRING, "hazina.fraud-reversals", Importance.LOW, "Name of the fraud stream's own topic of reversal outcomes re-keyed by the account they debit.")
            .define(INTERDICT_TTL_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.atLeast(1), Importance.MEDIUM, INTERDICT_TTL_MS_DOC)
            .define(CLEARED_GRACE_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.atLeast(0), Importance.LOW, CLEARED_GRACE_MS_DOC)
            .define(EXPIRY_SWEEP_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofSeconds(1).toMillis(), Range.atLeast(1), Importance.LOW, EXPIRY_SWEEP_INTERVAL_MS_DOC)
            .define(SIM_SWAP_DEBIT_CAP_CONFIG, Type.LONG, 1_000_000L, Range.atLeast(0), Importance.MEDIUM, SIM_SWAP_DEBIT_CAP_DOC);
        RuleConfig.define(def);
        for (Typology typology : Typology.DEFAULTS) {
            String key = TYPOLOGY_PREFIX + typology.id();
            def.define(key + ".weights", Type.STRING, Typology.formatWeights(typology.weights()), Importance.MEDIUM,
                "rule:weight pairs of the " + typology.id() + " typology; its score is the sum of weight times band.");
            def.define(key + ".alert", Type.INT, typology.alert(), Range.atLeast(1), Importance.MEDIUM,
                "Score at which " + typology.id() + " alerts.");
            if (typology.mayInterdict()) {
                def.define(key + ".interdict", Type.INT, typology.interdict(), Range.atLeast(1), Importance.MEDIUM,
                    "Score at which " + typology.id() + " blocks the account.");
            }
        }
        return def;
    }

    private List<Typology> parseTypologies() {
        List<Typology> parsed = new ArrayList<>();
        for (Typology typology : Typology.DEFAULTS) {
            String key = TYPOLOGY_PREFIX + typology.id();
            Map<String, Integer> weights = Typology.parseWeights(key + ".weights", getString(key + ".weights"));
            for (String rule : weights.keySet()) {
                if (!Rules.ids().contains(rule)) {
                    throw new ConfigException(key + ".weights", getString(key + ".weights"),
                        "unknown rule '" + rule + "'; the rules are " + Rules.ids());
                }
            }
            int interdict = typology.mayInterdict() ? getInt(key + ".interdict") : Integer.MAX_VALUE;
            if (interdict < getInt(key + ".alert")) {
                throw new ConfigException(key + ".interdict", interdict, "must not be below the alert threshold");
            }
            parsed.add(typology.with(weights, getInt(key + ".alert"), interdict));
        }
        return List.copyOf(parsed);
    }

    /** The settings shared with the ledger, read from the same originals. */
    public LedgerConfig ledger() {
        return ledger;
    }

    public RuleConfig rules() {
        return rules;
    }

    public List<Typology> typologies() {
        return typologies;
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public long interdictTtlMs() {
        return getLong(INTERDICT_TTL_MS_CONFIG);
    }

    public long clearedGraceMs() {
        return getLong(CLEARED_GRACE_MS_CONFIG);
    }

    public long expirySweepIntervalMs() {
        return getLong(EXPIRY_SWEEP_INTERVAL_MS_CONFIG);
    }

    public long simSwapDebitCap() {
        return getLong(SIM_SWAP_DEBIT_CAP_CONFIG);
    }

    /** The fraud stream's view of settings loaded as {@link LedgerConfig#load} loads them (defaults, file, environment). */
    public static FraudConfig of(LedgerConfig loaded) {
        return new FraudConfig(new HashMap<>(loaded.originals()));
    }
}
