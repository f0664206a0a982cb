package dev.hazina.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigException;

/**
 * A banded fee table: each band covers amounts up to and including {@code upTo}. Amounts above
 * the last band pay the last band's fee. All figures are minor units.
 */
public record Tariff(List<Band> bands) {

    public record Band(long upTo, long fee) {
    }

    public Tariff {
        bands = List.copyOf(bands);
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("a tariff needs at least one band");
        }
    }

    public long feeFor(long amount) {
        for (Band band : bands) {
            if (amount <= band.upTo()) {
                return band.fee();
            }
        }
        return bands.get(bands.size() - 1).fee();
    }

    /** Parses {@code "10000:0,50000:700"}; {@code key} names the setting in errors. */
    public static Tariff parse(String key, String text) {
        List<Band> bands = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split(":");
            if (parts.length != 2) {
                throw new ConfigException(key, text, "each band must be upTo:fee, got '" + pair.trim() + "'");
            }
            long upTo;
            long fee;
            try {
                upTo = Long.parseLong(parts[0].trim());
                fee = Long.parseLong(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, text, "band '" + pair.trim() + "' is not two whole numbers");
            }
            if (fee < 0 || upTo < 0) {
                throw new ConfigException(key, text, "band '" + pair.trim() + "' is negative");
            }
            if (fee > Amounts.MAX) {
                throw new ConfigException(key, text, "band '" + pair.trim() + "' has a fee above " + Amounts.MAX);
            }
            if (upTo <= previous) {
                throw new ConfigException(key, text, "bands must ascend, but " + upTo + " follows " + previous);
            }
            previous = upTo;
            bands.add(new Band(upTo, fee));
        }
        return new Tariff(bands);
    }
}
