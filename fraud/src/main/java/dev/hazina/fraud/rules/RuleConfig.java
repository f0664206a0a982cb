package dev.hazina.fraud.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The rules' thresholds and windows: {@code hazina.fraud.<rule>.*}, amounts in minor units. */
public final class RuleConfig {

    public static final String VELOCITY_COUNT_1H_CONFIG = "hazina.fraud.velocity.count.1h";
    public static final String VELOCITY_COUNT_24H_CONFIG = "hazina.fraud.velocity.count.24h";
    public static final String VELOCITY_EMA_MULTIPLIER_CONFIG = "hazina.fraud.velocity.ema.multiplier";
    public static final String VELOCITY_EMA_WARMUP_CONFIG = "hazina.fraud.velocity.ema.warmup";
    public static final String EMA_ALPHA_BPS_CONFIG = "hazina.fraud.ema.alpha.bps";
    public static final String FAN_IN_PAYERS_CONFIG = "hazina.fraud.fan.in.payers";
    public static final String FAN_IN_WINDOW_MS_CONFIG = "hazina.fraud.fan.in.window.ms";
    public static final String FAN_OUT_PAYEES_CONFIG = "hazina.fraud.fan.out.payees";
    public static final String FAN_OUT_WINDOW_MS_CONFIG = "hazina.fraud.fan.out.window.ms";
    public static final String PASS_THROUGH_WINDOW_MS_CONFIG = "hazina.fraud.pass.through.window.ms";
    public static final String PASS_THROUGH_SHARE_BPS_CONFIG = "hazina.fraud.pass.through.share.bps";
    public static final String PASS_THROUGH_MIN_AMOUNT_CONFIG = "hazina.fraud.pass.through.min.amount";
    public static final String SIM_SWAP_WINDOW_MS_CONFIG = "hazina.fraud.sim.swap.window.ms";
    public static final String SIM_SWAP_LARGE_AMOUNT_CONFIG = "hazina.fraud.sim.swap.large.amount";
    public static final String DORMANT_IDLE_MS_CONFIG = "hazina.fraud.dormant.idle.ms";
    public static final String DORMANT_MULTIPLIER_CONFIG = "hazina.fraud.dormant.multiplier";
    public static final String DORMANT_MIN_AMOUNT_CONFIG = "hazina.fraud.dormant.min.amount";
    public static final String STRUCTURING_THRESHOLDS_CONFIG = "hazina.fraud.structuring.thresholds";
    public static final String STRUCTURING_MARGIN_BPS_CONFIG = "hazina.fraud.structuring.margin.bps";
    public static final String STRUCTURING_COUNT_CONFIG = "hazina.fraud.structuring.count";
    public static final String STRUCTURING_WINDOW_MS_CONFIG = "hazina.fraud.structuring.window.ms";
    public static final String REVERSAL_COUNT_CONFIG = "hazina.fraud.reversal.count";
    public static final String REVERSAL_WINDOW_MS_CONFIG = "hazina.fraud.reversal.window.ms";
    public static final String HISTORY_MAX_ENTRIES_CONFIG = "hazina.fraud.history.max.entries";

    private final AbstractConfig config;
    private final List<Long> structuringThresholds;

    public RuleConfig(AbstractConfig config) {
        this.config = config;
        this.structuringThresholds = parseAmounts(STRUCTURING_THRESHOLDS_CONFIG, config.getString(STRUCTURING_THRESHOLDS_CONFIG));
    }

    public static void define(ConfigDef def) {
        long hour = Duration.ofHours(1).toMillis();
        def.define(VELOCITY_COUNT_1H_CONFIG, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM, "velocity: debits in one hour that raise band 2.")
            .define(VELOCITY_COUNT_24H_CONFIG, Type.INT, 30, Range.atLeast(1), Importance.MEDIUM, "velocity: debits in 24 hours that raise band 1.")
            .define(VELOCITY_EMA_MULTIPLIER_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM, "velocity: a 24 h debit sum above this many times the account's moving average adds a band.")
            .define(VELOCITY_EMA_WARMUP_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.LOW, "velocity and dormant: debits of history before the moving averages count.")
            .define(EMA_ALPHA_BPS_CONFIG, Type.INT, 2000, Range.between(1, 10_000), Importance.LOW, "Weight of the newest sample in the moving averages, basis points.")
            .define(FAN_IN_PAYERS_CONFIG, Type.INT, 10, Range.atLeast(2), Importance.MEDIUM, "fan-in: distinct P2P payers in the window for band 2 (twice as many: band 3).")
            .define(FAN_IN_WINDOW_MS_CONFIG, Type.LONG, 24 * hour, Range.atLeast(1), Importance.MEDIUM, "fan-in: the window.")
            .define(FAN_OUT_PAYEES_CONFIG, Type.INT, 8, Range.atLeast(2), Importance.MEDIUM, "fan-out: distinct P2P payees in the window for band 2 (twice as many: band 3).")
            .define(FAN_OUT_WINDOW_MS_CONFIG, Type.LONG, 8 * hour, Range.atLeast(1), Importance.MEDIUM, "fan-out: the window.")
            .define(PASS_THROUGH_WINDOW_MS_CONFIG, Type.LONG, hour, Range.atLeast(1), Importance.MEDIUM, "pass-through: how soon after money came in it went out.")
            .define(PASS_THROUGH_SHARE_BPS_CONFIG, Type.INT, 9000, Range.between(1, 10_000), Importance.MEDIUM, "pass-through: share of the money in that went out, basis points.")
            .define(PASS_THROUGH_MIN_AMOUNT_CONFIG, Type.LONG, 100_000L, Range.atLeast(1), Importance.MEDIUM, "pass-through: least money in that counts.")
            .define(SIM_SWAP_WINDOW_MS_CONFIG, Type.LONG, 72 * hour, Range.atLeast(1), Importance.MEDIUM, "sim-swap: how long after a SIM swap or device change a large debit is suspect (and the ledger's debit cap lasts).")
            .define(SIM_SWAP_LARGE_AMOUNT_CONFIG, Type.LONG, 500_000L, Range.atLeast(1), Importance.MEDIUM, "sim-swap: the smallest debit that counts as large.")
            .define(DORMANT_IDLE_MS_CONFIG, Type.LONG, Duration.ofDays(90).toMillis(), Range.atLeast(1), Importance.MEDIUM, "dormant: idle time after which an account is dormant.")
            .define(DORMANT_MULTIPLIER_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM, "dormant: a waking debit above this many times the account's average debit fires.")
            .define(DORMANT_MIN_AMOUNT_CONFIG, Type.LONG, 100_000L, Range.atLeast(1), Importance.MEDIUM, "dormant: the smallest waking debit that fires.")
            .define(STRUCTURING_THRESHOLDS_CONFIG, Type.STRING, "1000000,5000000,10000000", Importance.MEDIUM, "agent-structuring: fee bands and reporting limits, comma-separated minor units.")
            .define(STRUCTURING_MARGIN_BPS_CONFIG, Type.INT, 1000, Range.between(1, 10_000), Importance.MEDIUM, "agent-structuring: how far under a threshold counts as just under, basis points of it.")
            .define(STRUCTURING_COUNT_CONFIG, Type.INT, 3, Range.atLeast(2), Importance.MEDIUM, "agent-structuring: cash-ins just under a threshold to one customer that fire.")
            .define(STRUCTURING_WINDOW_MS_CONFIG, Type.LONG, Duration.ofMinutes(10).toMillis(), Range.atLeast(1), Importance.MEDIUM, "agent-structuring: the window.")
            .define(REVERSAL_COUNT_CONFIG, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM, "reversal-abuse: reversals against an agent's cash-outs in the window for band 2.")
            .define(REVERSAL_WINDOW_MS_CONFIG, Type.LONG, 24 * hour, Range.atLeast(1), Importance.MEDIUM, "reversal-abuse: the window.")
            .define(HISTORY_MAX_ENTRIES_CONFIG, Type.INT, 200, Range.atLeast(10), Importance.LOW, "Most postings remembered per account (the oldest go first).");
    }

    private static List<Long> parseAmounts(String key, String value) {
        List<Long> amounts = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                long amount = Long.parseLong(part.trim());
                if (amount <= 0) {
                    throw new NumberFormatException(part);
                }
                amounts.add(amount);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "expected positive minor-unit amounts separated by commas");
            }
        }
        return List.copyOf(amounts);
    }

    public int velocityCount1h() { return config.getInt(VELOCITY_COUNT_1H_CONFIG); }
    public int velocityCount24h() { return config.getInt(VELOCITY_COUNT_24H_CONFIG); }
    public int velocityEmaMultiplier() { return config.getInt(VELOCITY_EMA_MULTIPLIER_CONFIG); }
    public int emaWarmup() { return config.getInt(VELOCITY_EMA_WARMUP_CONFIG); }
    public int emaAlphaBps() { return config.getInt(EMA_ALPHA_BPS_CONFIG); }
    public int fanInPayers() { return config.getInt(FAN_IN_PAYERS_CONFIG); }
    public long fanInWindowMs() { return config.getLong(FAN_IN_WINDOW_MS_CONFIG); }
    public int fanOutPayees() { return config.getInt(FAN_OUT_PAYEES_CONFIG); }
    public long fanOutWindowMs() { return config.getLong(FAN_OUT_WINDOW_MS_CONFIG); }
    public long passThroughWindowMs() { return config.getLong(PASS_THROUGH_WINDOW_MS_CONFIG); }
    public int passThroughShareBps() { return config.getInt(PASS_THROUGH_SHARE_BPS_CONFIG); }
    public long passThroughMinAmount() { return config.getLong(PASS_THROUGH_MIN_AMOUNT_CONFIG); }
    public long simSwapWindowMs() { return config.getLong(SIM_SWAP_WINDOW_MS_CONFIG); }
    public long simSwapLargeAmount() { return config.getLong(SIM_SWAP_LARGE_AMOUNT_CONFIG); }
    public long dormantIdleMs() { return config.getLong(DORMANT_IDLE_MS_CONFIG); }
    public int dormantMultiplier() { return config.getInt(DORMANT_MULTIPLIER_CONFIG); }
    public long dormantMinAmount() { return config.getLong(DORMANT_MIN_AMOUNT_CONFIG); }
    public List<Long> structuringThresholds() { return structuringThresholds; }
    public int structuringMarginBps() { return config.getInt(STRUCTURING_MARGIN_BPS_CONFIG); }
    public int structuringCount() { return config.getInt(STRUCTURING_COUNT_CONFIG); }
    public long structuringWindowMs() { return config.getLong(STRUCTURING_WINDOW_MS_CONFIG); }
    public int reversalCount() { return config.getInt(REVERSAL_COUNT_CONFIG); }
    public long reversalWindowMs() { return config.getLong(REVERSAL_WINDOW_MS_CONFIG); }
    public int historyMaxEntries() { return config.getInt(HISTORY_MAX_ENTRIES_CONFIG); }

    /** How far back the profile keeps postings: the longest window any rule looks through. */
    public long historyWindowMs() {
        return Math.max(Math.max(fanInWindowMs(), fanOutWindowMs()), Math.max(Math.max(passThroughWindowMs(),
            structuringWindowMs()), Math.max(reversalWindowMs(), Duration.ofHours(24).toMillis())));
    }
}
