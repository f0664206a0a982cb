package dev.hazina.reconciliation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DailyReportStatus;
import dev.hazina.schemas.LiabilityLine;
import dev.hazina.schemas.NamedCount;
import dev.hazina.schemas.TransferTally;
import dev.hazina.schemas.TrustMatch;
import dev.hazina.schemas.TrustMatchStatus;

/**
 * Turns one day's {@link Figures} into its {@link DailyReport}: the opening liability by class (the
 * sum of every earlier day's changes), the day's flows, its outcomes, the figures every currency
 * shares (dead letters, alerts without a currency) and the trust match against the closing liability.
 */
final class ReportAssembler {

    private ReportAssembler() {
    }

    /** The report of {@code currency} on {@code day}; {@code opening} is the sum of every earlier day's figures. */
    static DailyReport assemble(String currency, String day, String zone, Figures today, Figures opening, Figures shared,
                                DailyReportStatus status, long revision) {
        List<LiabilityLine> lines = new ArrayList<>();
        long openingTotal = 0;
        long closingTotal = 0;
        for (AccountClass accountClass : AccountClass.values()) {
            if (accountClass == AccountClass.ISSUANCE) {
                continue;
            }
            long open = opening.sum(Figures.liability(accountClass));
            long close = Math.addExact(open, today.sum(Figures.liability(accountClass)));
            openingTotal = Math.addExact(openingTotal, open);
            closingTotal = Math.addExact(closingTotal, close);
            if (!accountClass.alwaysListed() && open == 0 && close == 0) {
                continue;
            }
            lines.add(LiabilityLine.newBuilder().setAccountClass(accountClass.name()).setOpening(open).setClosing(close).build());
        }
        SortedMap<String, Long> alerts = merged(today.under(Figures.ALERTS), shared.under(Figures.ALERTS));
        return DailyReport.newBuilder()
            .setReportId(currency + ":" + day).setCurrency(currency).setBusinessDay(day).setTimeZone(zone)
            .setStatus(status).setRevision(revision).setAsOf(Math.max(today.asOf(), shared.asOf()))
            .setOpeningLiability(openingTotal).setClosingLiability(closingTotal).setLiability(lines)
            .setIssued(today.sum(Figures.ISSUED)).setRedeemed(today.sum(Figures.REDEEMED))
            .setFees(today.sum(Figures.FEES)).setCommissions(today.sum(Figures.COMMISSIONS))
            .setTransfers(tallies(today))
            .setReversals(today.sum(Figures.REVERSALS)).setReversalsValue(today.sum(Figures.REVERSALS_VALUE))
            .setDeadLetters(counts(merged(today.under(Figures.DEAD_LETTERS), shared.under(Figures.DEAD_LETTERS))))
            .setStuckSagasRaised(alerts.getOrDefault("stuck-saga/RAISED", 0L))
            .setStuckSagasCleared(alerts.getOrDefault("stuck-saga/CLEARED", 0L))
            .setAlerts(counts(alerts))
            .setTrust(match(today, closingTotal))
            .build();
    }

    /** Adjusted bank balance = bank + deposits in transit - outstanding withdrawals, against the closing liability. */
    static TrustMatch match(Figures today, long liability) {
        long bank = 0;
        long inTransit = 0;
        long outstanding = 0;
        for (TrustLine line : today.statements().values()) {
            bank = Math.addExact(bank, line.balance());
            inTransit = Math.addExact(inTransit, line.depositsInTransit());
            outstanding = Math.addExact(outstanding, line.outstandingWithdrawals());
        }
        TrustMatch.Builder match = TrustMatch.newBuilder().setBankAccounts(List.copyOf(today.statements().keySet()))
            .setBankBalance(bank).setDepositsInTransit(inTransit).setOutstandingWithdrawals(outstanding);
        if (today.statements().isEmpty()) {
            return match.setStatus(TrustMatchStatus.NO_STATEMENT).setAdjustedBankBalance(0).setDifference(0)
                .setTiming(0).setException(0).build();
        }
        long adjusted = Math.subtractExact(Math.addExact(bank, inTransit), outstanding);
        long difference = Math.subtractExact(bank, liability);
        long exception = Math.subtractExact(adjusted, liability);
        TrustMatchStatus status = difference == 0 ? TrustMatchStatus.MATCHED
            : exception == 0 ? TrustMatchStatus.TIMING : TrustMatchStatus.EXCEPTION;
        return match.setStatus(status).setAdjustedBankBalance(adjusted).setDifference(difference)
            .setTiming(Math.subtractExact(difference, exception)).setException(exception).build();
    }

    private static List<TransferTally> tallies(Figures today) {
        List<TransferTally> tallies = new ArrayList<>();
        today.under(Figures.COUNT).forEach((outcome, count) -> {
            int dot = outcome.indexOf('.');
            tallies.add(TransferTally.newBuilder().setKind(outcome.substring(0, dot)).setStatus(outcome.substring(dot + 1))
                .setCount(count).setValue(today.sum(Figures.VALUE + outcome)).build());
        });
        return tallies;
    }

    private static SortedMap<String, Long> merged(SortedMap<String, Long> one, SortedMap<String, Long> other) {
        SortedMap<String, Long> merged = new TreeMap<>(one);
        other.forEach((name, count) -> merged.merge(name, count, Math::addExact));
        return merged;
    }

    private static List<NamedCount> counts(SortedMap<String, Long> counts) {
        List<NamedCount> named = new ArrayList<>();
        counts.forEach((name, count) -> named.add(NamedCount.newBuilder().setName(name).setCount(count).build()));
        return named;
    }
}
