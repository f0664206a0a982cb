package dev.hazina.reconciliation.settlement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;

/**
 * Folds one partition's settlements of a window, in store order ("windowId|partyId|settlementId",
 * so each party's are together and sorted by id), into one {@link SettlementBatch} per party. The
 * batch is a function of the stored settlements alone, so re-batching the same window gives the same
 * batch.
 */
final class PartyBatches {

    private final String windowId;
    private final String currency;
    private final long openedAt;
    private final long closedAt;
    private final List<SettlementBatch> batches = new ArrayList<>();

    private String partyId;
    private AccountType partyType;
    private long debits;
    private long credits;
    private long commission;
    private long count;
    private MessageDigest digest;

    PartyBatches(String windowId, String currency, long openedAt, long closedAt) {
        this.windowId = windowId;
        this.currency = currency;
        this.openedAt = openedAt;
        this.closedAt = closedAt;
    }

    void add(Settlement settlement) {
        if (!settlement.getPartyId().equals(partyId)) {
            finishParty();
            startParty(settlement);
        }
        if (settlement.getDirection() == EntryDirection.DEBIT) {
            debits = Math.addExact(debits, settlement.getAmount());
        } else {
            credits = Math.addExact(credits, settlement.getAmount());
        }
        commission = Math.addExact(commission, settlement.getCommission());
        count++;
        digest.update((settlement.getSettlementId() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One batch per party seen, in party order. */
    List<SettlementBatch> finish() {
        finishParty();
        return List.copyOf(batches);
    }

    private void startParty(Settlement settlement) {
        partyId = settlement.getPartyId();
        partyType = settlement.getPartyType();
        debits = 0;
        credits = 0;
        commission = 0;
        count = 0;
        digest = sha256();
    }

    private void finishParty() {
        if (partyId == null) {
            return;
        }
        batches.add(SettlementBatch.newBuilder()
            .setBatchId(windowId + ":" + partyId)
            .setWindowId(windowId)
            .setCurrency(currency)
            .setPartyId(partyId)
            .setPartyType(partyType)
            .setGrossDebits(debits)
            .setGrossCredits(credits)
            .setCommission(commission)
            .setNetPosition(Math.addExact(Math.subtractExact(credits, debits), commission))
            .setRecordCount(count)
            .setDigest(HexFormat.of().formatHex(digest.digest()))
            .setOpenedAt(openedAt)
            .setClosedAt(closedAt)
            .build());
        partyId = null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
