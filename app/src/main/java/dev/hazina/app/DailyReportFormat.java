package dev.hazina.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.LiabilityLine;
import dev.hazina.schemas.NamedCount;
import dev.hazina.schemas.TransferTally;
import dev.hazina.schemas.TrustMatch;

/** A {@link DailyReport} as Markdown for people, or as its Avro JSON encoding for tools. */
final class DailyReportFormat {

    private DailyReportFormat() {
    }

    /** The report's Avro JSON encoding (every field, money in minor units). */
    static String json(DailyReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Encoder encoder = EncoderFactory.get().jsonEncoder(DailyReport.getClassSchema(), out, true);
            new SpecificDatumWriter<>(DailyReport.class).write(report, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The reports as a JSON array. */
    static String json(List<DailyReport> reports) {
        return "[" + String.join(",\n", reports.stream().map(DailyReportFormat::json).toList()) + "]";
    }

    /** The report as Markdown, money in major units of its currency. */
    static String markdown(DailyReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Daily report ").append(r.getCurrency()).append(' ').append(r.getBusinessDay()).append(" (")
            .append(r.getTimeZone()).append(")\n\n");
        md.append(r.getStatus()).append(", revision ").append(r.getRevision()).append(", figures as of ")
            .append(Instant.ofEpochMilli(r.getAsOf())).append("\n\n");
        md.append("## E-money liability\n\n| account class | opening | closing |\n|---|---:|---:|\n");
        for (LiabilityLine line : r.getLiability()) {
            md.append("| ").append(line.getAccountClass()).append(" | ").append(money(r, line.getOpening())).append(" | ")
                .append(money(r, line.getClosing())).append(" |\n");
        }
        md.append("| **total** | **").append(money(r, r.getOpeningLiability())).append("** | **")
            .append(money(r, r.getClosingLiability())).append("** |\n\n");
        md.append("## Flows\n\n| figure | amount |\n|---|---:|\n")
            .append("| issued | ").append(money(r, r.getIssued())).append(" |\n")
            .append("| redeemed | ").append(money(r, r.getRedeemed())).append(" |\n")
            .append("| fees | ").append(money(r, r.getFees())).append(" |\n")
            .append("| commissions | ").append(money(r, r.getCommissions())).append(" |\n")
            .append("| reversals (").append(r.getReversals()).append(") | ").append(money(r, r.getReversalsValue())).append(" |\n\n");
        md.append("## Transfers by kind and outcome\n\n| kind | status | count | value |\n|---|---|---:|---:|\n");
        for (TransferTally tally : r.getTransfers()) {
            md.append("| ").append(tally.getKind()).append(" | ").append(tally.getStatus()).append(" | ").append(tally.getCount())
                .append(" | ").append(money(r, tally.getValue())).append(" |\n");
        }
        md.append("\n## Exceptions\n\nStuck sagas raised ").append(r.getStuckSagasRaised()).append(", cleared ")
            .append(r.getStuckSagasCleared()).append(".\n\n");
        counts(md, "dead letters by reason", r.getDeadLetters());
        counts(md, "alerts by check/status", r.getAlerts());
        trust(md, r);
        return md.toString();
    }

    private static void trust(StringBuilder md, DailyReport r) {
        TrustMatch t = r.getTrust();
        md.append("## Trust account match: ").append(t.getStatus()).append("\n\n");
        if (t.getBankAccounts().isEmpty()) {
            md.append("No trust statement for this day.\n");
            return;
        }
        md.append("Bank accounts: ").append(String.join(", ", t.getBankAccounts())).append("\n\n")
            .append("| figure | amount |\n|---|---:|\n")
            .append("| bank balance | ").append(money(r, t.getBankBalance())).append(" |\n")
            .append("| + deposits in transit | ").append(money(r, t.getDepositsInTransit())).append(" |\n")
            .append("| - outstanding withdrawals | ").append(money(r, t.getOutstandingWithdrawals())).append(" |\n")
            .append("| = adjusted bank balance | ").append(money(r, t.getAdjustedBankBalance())).append(" |\n")
            .append("| e-money liability | ").append(money(r, r.getClosingLiability())).append(" |\n")
            .append("| difference (bank - liability) | ").append(money(r, t.getDifference())).append(" |\n")
            .append("| of which timing | ").append(money(r, t.getTiming())).append(" |\n")
            .append("| of which exception | ").append(money(r, t.getException())).append(" |\n");
    }

    private static void counts(StringBuilder md, String title, List<NamedCount> counts) {
        md.append("| ").append(title).append(" | count |\n|---|---:|\n");
        if (counts.isEmpty()) {
            md.append("| (none) | 0 |\n");
        }
        for (NamedCount count : counts) {
            md.append("| ").append(count.getName()).append(" | ").append(count.getCount()).append(" |\n");
        }
        md.append('\n');
    }

    /** Minor units in the currency's major units, e.g. 151000 KES as 1510.00. */
    static String money(DailyReport report, long minor) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(report.getCurrency()).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
