package dev.hazina.fraud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;

import dev.hazina.schemas.RuleBand;
import dev.hazina.schemas.TypologyKind;

/**
 * A pattern of fraud or laundering: weights over the rules' bands, summed into a score, with an
 * alert threshold and (fraud only) an interdiction threshold. A money-laundering typology never
 * interdicts, so its subject is not tipped off; a mule typology blocks credits as well as debits.
 */
public record Typology(String id, TypologyKind kind, Map<String, Integer> weights, int alert, int interdict,
                       boolean blocksCredits) {

    public static final String ACCOUNT_TAKEOVER = "account-takeover";
    public static final String MULE_ACCOUNT = "mule-account";
    public static final String AGENT_ABUSE = "agent-abuse";
    public static final String LAYERING = "layering";

    /** The built-in typologies with their default weights and thresholds; config may change both. */
    static final List<Typology> DEFAULTS = List.of(
        new Typology(ACCOUNT_TAKEOVER, TypologyKind.FRAUD, weights("sim-swap:100,dormant:80,velocity:40,fan-out:30"),
            150, 250, false),
        new Typology(MULE_ACCOUNT, TypologyKind.FRAUD, weights("fan-in:60,pass-through:60"), 150, 200, true),
        new Typology(AGENT_ABUSE, TypologyKind.FRAUD, weights("agent-structuring:60,reversal-abuse:80"), 120, 240, false),
        new Typology(LAYERING, TypologyKind.MONEY_LAUNDERING,
            weights("fan-in:40,fan-out:40,pass-through:30,agent-structuring:50"), 120, Integer.MAX_VALUE, false));

    public boolean mayInterdict() {
        return kind == TypologyKind.FRAUD;
    }

    /** Sum of weight times band over this typology's rules. */
    public int score(List<RuleBand> bands) {
        int score = 0;
        for (RuleBand band : bands) {
            score += weights.getOrDefault(band.getRule(), 0) * band.getBand();
        }
        return score;
    }

    public boolean interdicts(int score) {
        return mayInterdict() && score >= interdict;
    }

    Typology with(Map<String, Integer> newWeights, int newAlert, int newInterdict) {
        return new Typology(id, kind, Map.copyOf(newWeights), newAlert, newInterdict, blocksCredits);
    }

    static Map<String, Integer> parseWeights(String key, String value) {
        Map<String, Integer> parsed = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split(":");
            try {
                if (parts.length != 2 || Integer.parseInt(parts[1].trim()) < 0) {
                    throw new NumberFormatException(pair);
                }
                parsed.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "expected rule:weight pairs with weights >= 0, e.g. fan-in:60");
            }
        }
        return parsed;
    }

    static String formatWeights(Map<String, Integer> weights) {
        return weights.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    private static Map<String, Integer> weights(String text) {
        return parseWeights("default", text);
    }
}
