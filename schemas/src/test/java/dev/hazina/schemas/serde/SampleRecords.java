package dev.hazina.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.Statement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** One fully populated instance of every Hazina record type, for round-trip tests and benchmarks. */
public final class SampleRecords {

    private SampleRecords() {
    }

    public static TransferRequest transferRequest() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("msisdn", "254700000001");
        metadata.put("note", "rent ✓ ñ");
        return TransferRequest.newBuilder()
            .setRequestId("req-000001").setChannel(Channel.APP).setKind(TransferKind.P2P)
            .setPayer("CUST-0001").setPayee("CUST-0002").setAmount(150_000L).setCurrency("KES")
            .setReference("req-000000").setMetadata(metadata).setRequestedAt(1_767_225_600_000L)
            .build();
    }

    public static LedgerEntry ledgerEntry() {
        return LedgerEntry.newBuilder()
            .setAccountId("CUST-0001").setSequence(42L).setTransferId("req-000001").setKind(TransferKind.P2P)
            .setEntryType(EntryType.PRINCIPAL).setDirection(EntryDirection.DEBIT).setAmount(150_000L)
            .setBalanceAfter(-2_500L).setCurrency("KES").setCounterparty("CUST-0002")
            .setPostedAt(1_767_225_600_123L).setHash(ByteBuffer.wrap(new byte[32])).setAccountType(AccountType.CUSTOMER)
            .build();
    }

    public static AccountLimits accountLimits() {
        return AccountLimits.newBuilder()
            .setPerTransferMax(15_000_000L).setDailyDebitMax(50_000_000L).setMaxBalance(null)
            .setOverdraftLimit(10_000L)
            .build();
    }

    public static AccountState accountState() {
        return AccountState.newBuilder()
            .setAccountId("AGENT-7").setType(AccountType.AGENT).setStatus(AccountStatus.FROZEN).setCurrency("KES")
            .setBalance(Long.MAX_VALUE).setHeld(1L).setLimits(accountLimits()).setSequence(Long.MIN_VALUE)
            .setDailyDebitDay(20_454).setDailyDebitTotal(0L).setFundingAccount("BIZ-1")
            .setOpenedAt(1L).setUpdatedAt(2L)
            .build();
    }

    public static AccountCommand accountCommand() {
        return AccountCommand.newBuilder()
            .setCommandId("cmd-1").setAccountId("MERCH-9").setAction(AccountAction.OPEN).setType(AccountType.MERCHANT)
            .setCurrency("KES").setLimits(accountLimits()).setFundingAccount(null).setNote("opened by ops")
            .setIssuedAt(1_767_225_600_000L)
            .build();
    }

    public static AccountEvent accountEvent() {
        return AccountEvent.newBuilder()
            .setCommandId("cmd-1").setAccountId("MERCH-9").setAction(AccountAction.FREEZE).setAccepted(false)
            .setReason(ReasonCode.ACCOUNT_CLOSED).setDetail("closed yesterday").setAccount(accountState())
            .setDecidedAt(1_767_225_600_001L)
            .build();
    }

    public static TransferResult transferResult() {
        return TransferResult.newBuilder()
            .setRequestId("req-000001").setKind(TransferKind.CASH_OUT).setStatus(TransferStatus.REVERSED)
            .setReason(ReasonCode.LIMIT_MAX_BALANCE).setDetail("payee full").setPayer("CUST-0001")
            .setPayee("AGENT-7").setAmount(99L).setFee(11L).setCurrency("KES").setDuplicate(true)
            .setRequestedAt(1L).setDecidedAt(3L)
            .build();
    }

    public static LedgerLeg ledgerLeg() {
        return LedgerLeg.newBuilder()
            .setRequestId("req-000001").setLegType(LegType.REFUND).setKind(TransferKind.CASH_OUT)
            .setPayer("CUST-0001").setPayee("AGENT-7").setAmount(99L).setCommission(5L).setFee(11L)
            .setCurrency("KES").setReason(ReasonCode.ACCOUNT_FROZEN).setRequestedAt(1L).setSentAt(2L)
            .build();
    }

    public static TransferRecord transferRecord() {
        return TransferRecord.newBuilder()
            .setRequestId("req-000001").setContentHash(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}))
            .setReceivedAt(5L).setKind(TransferKind.AUTHORIZE).setPayer("CUST-0001").setPayee("MERCH-9")
            .setAmount(1L).setFee(0L).setCurrency("KES").setRequestedAt(4L).setOutcome(transferResult())
            .setWaitingRetries(3)
            .build();
    }

    public static Settlement settlement() {
        return Settlement.newBuilder()
            .setSettlementId("req-000001:MERCH-9").setPartyId("MERCH-9").setPartyType(AccountType.MERCHANT)
            .setRequestId("req-000001").setKind(TransferKind.MERCHANT_PAYMENT).setDirection(EntryDirection.CREDIT)
            .setAmount(700L).setCommission(0L).setCurrency("KES").setBusinessDate("2026-01-01").setSettledAt(9L)
            .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
            .setSourceTopic("hazina.transfer-requests").setSourcePartition(7).setSourceOffset(123_456L)
            .setKey(ByteBuffer.wrap("CUST-0001".getBytes(StandardCharsets.UTF_8)))
            .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3})).setStage("deserialization").setReason("BAD_MAGIC_BYTE")
            .setDetail("starts with 0x01").setFailedAt(10L)
            .build();
    }

    public static dev.hazina.schemas.TelcoEvent telcoEvent() {
        return dev.hazina.schemas.TelcoEvent.newBuilder().setEventId("tel-1").setAccountId("CUST-0001")
            .setType(dev.hazina.schemas.TelcoEventType.SIM_SWAP).setOccurredAt(11L).build();
    }

    public static dev.hazina.schemas.AccountRisk accountRisk() {
        return dev.hazina.schemas.AccountRisk.newBuilder().setAccountId("CUST-0001").setBlockDebits(true)
            .setCaseId("CUST-0001@12").setReason("account-takeover INTERDICTED").setSignalAt(12L)
            .setDebitCap(1_000_000L).setCapUntil(13L).setUpdatedAt(12L).build();
    }

    public static dev.hazina.schemas.RuleBand ruleBand() {
        return dev.hazina.schemas.RuleBand.newBuilder().setRule("sim-swap").setBand(3).setDetail("debit after a swap")
            .setTransferIds(List.of("req-000001")).build();
    }

    public static dev.hazina.schemas.FraudAlert fraudAlert() {
        return dev.hazina.schemas.FraudAlert.newBuilder().setAlertId("account-takeover:CUST-0001:req-000001")
            .setAccountId("CUST-0001").setTypology("account-takeover").setTypologyKind(dev.hazina.schemas.TypologyKind.FRAUD)
            .setScore(300).setAlertThreshold(150).setInterdicted(true).setBands(List.of(ruleBand()))
            .setTriggeredBy("req-000001").setAt(12L).build();
    }

    public static dev.hazina.schemas.FraudCaseCommand fraudCaseCommand() {
        return dev.hazina.schemas.FraudCaseCommand.newBuilder().setCommandId("cmd-1").setAccountId("CUST-0001")
            .setAction(dev.hazina.schemas.CaseAction.CONFIRM).setFreeze(true).setOperator("officer-7")
            .setNote("called the customer").setIssuedAt(14L).build();
    }

    public static dev.hazina.schemas.FraudCaseEvent fraudCaseEvent() {
        return dev.hazina.schemas.FraudCaseEvent.newBuilder().setCaseId("CUST-0001@12").setAccountId("CUST-0001")
            .setTypology("account-takeover").setFrom(dev.hazina.schemas.CaseStatus.INTERDICTED)
            .setTo(dev.hazina.schemas.CaseStatus.CONFIRMED).setScore(0).setReason("CONFIRM by officer-7")
            .setActor("officer-7").setAt(14L).build();
    }

    public static dev.hazina.schemas.FraudCase fraudCase() {
        return dev.hazina.schemas.FraudCase.newBuilder().setCaseId("CUST-0001@12").setAccountId("CUST-0001")
            .setTypology("account-takeover").setTypologyKind(dev.hazina.schemas.TypologyKind.FRAUD)
            .setStatus(dev.hazina.schemas.CaseStatus.INTERDICTED).setScore(300).setOpenedAt(12L).setExpiresAt(15L)
            .setAlerted(List.of("account-takeover")).build();
    }

    public static dev.hazina.schemas.Activity activity() {
        return dev.hazina.schemas.Activity.newBuilder().setTransferId("req-000001").setKind(TransferKind.P2P)
            .setDirection(EntryDirection.DEBIT).setAmount(150_000L).setCounterparty("CUST-0002").setAt(12L).setBalanceAfter(50_000L).build();
    }

    public static dev.hazina.schemas.AccountProfile accountProfile() {
        return dev.hazina.schemas.AccountProfile.newBuilder().setAccountId("CUST-0001").setType(AccountType.CUSTOMER)
            .setLastActivityAt(12L).setDebits(4L).setEmaDebitAmount(1_000L).setEmaDailyDebitSum(2_000L)
            .setSimSwapAt(11L).setRecent(List.of(activity())).build();
    }

    public static Statement statement() {
        return Statement.newBuilder().setAccountId("CUST-0001").setEntries(List.of(ledgerEntry())).build();
    }

    public static AuditCheckpoint auditCheckpoint() {
        return AuditCheckpoint.newBuilder().setPartition(3).setNumber(2L).setWindowStart(1_000L).setWindowEnd(61_000L)
            .setFirstOffset(10L).setLastOffset(52L).setEntries(40L).setPreviousDigest("00".repeat(32))
            .setDigest("ab".repeat(32)).setUnchained(0L).build();
    }

    public static ReconciliationAlert reconciliationAlert() {
        return ReconciliationAlert.newBuilder().setCheck("stuck-saga").setSubject("req-000001/CREDIT")
            .setStatus(ReconciliationAlertStatus.RAISED).setDetail("CREDIT leg unanswered for 120 s")
            .setTransferId("req-000001").setAccountId("CUST-0002").setCurrency("KES").setExpected(1L).setActual(0L)
            .setDetectedAt(12L).build();
    }

    /** One instance of every record type. */
    public static dev.hazina.schemas.SettlementCommand settlementCommand() {
        return dev.hazina.schemas.SettlementCommand.newBuilder().setCommandId("cli-1")
            .setAction(dev.hazina.schemas.SettlementAction.ABORT).setCurrency("KES").setWindowId("KES-000003")
            .setReason("bank file rejected").setOperator("ops").setIssuedAt(1_767_225_600_000L).build();
    }

    public static dev.hazina.schemas.SettlementWindow settlementWindow() {
        return dev.hazina.schemas.SettlementWindow.newBuilder().setWindowId("KES-000003").setCurrency("KES").setSequence(3)
            .setState(dev.hazina.schemas.SettlementWindowState.PENDING_SETTLEMENT).setOpenedAt(1_767_225_600_000L)
            .setClosedAt(1_767_312_000_000L).setPartitions(2).setReportedPartitions(List.of(0, 1)).setBatchCount(4)
            .setRecordCount(120).setReason("schedule daily@00:00").setUpdatedAt(1_767_312_000_500L).build();
    }

    public static dev.hazina.schemas.SettlementBatch settlementBatch() {
        return dev.hazina.schemas.SettlementBatch.newBuilder().setBatchId("KES-000003:MERCH-9").setWindowId("KES-000003")
            .setCurrency("KES").setPartyId("MERCH-9").setPartyType(AccountType.MERCHANT).setGrossDebits(4_000)
            .setGrossCredits(12_500).setCommission(0).setNetPosition(8_500).setRecordCount(3)
            .setDigest("91cea81f3e4c9f7d6b7e313ed597516804662e6e61feaac860c80eb0ece15a72")
            .setOpenedAt(1_767_225_600_000L).setClosedAt(1_767_312_000_000L).build();
    }

    public static dev.hazina.schemas.TrustStatement trustStatement() {
        return dev.hazina.schemas.TrustStatement.newBuilder().setStatementId("kcb-2026-01-01").setBankAccount("KCB-TRUST-01")
            .setCurrency("KES").setBusinessDay("2026-01-01").setClosingBalance(1_000_000L).setDepositsInTransit(25_000L)
            .setOutstandingWithdrawals(5_000L).setIssuedAt(1_767_312_000_000L).build();
    }

    public static dev.hazina.schemas.DailyReport dailyReport() {
        dev.hazina.schemas.TrustMatch trust = dev.hazina.schemas.TrustMatch.newBuilder()
            .setStatus(dev.hazina.schemas.TrustMatchStatus.TIMING).setBankAccounts(List.of("KCB-TRUST-01"))
            .setBankBalance(1_000_000L).setDepositsInTransit(25_000L).setOutstandingWithdrawals(5_000L)
            .setAdjustedBankBalance(1_020_000L).setDifference(-20_000L).setTiming(-20_000L).setException(0L).build();
        return dev.hazina.schemas.DailyReport.newBuilder().setReportId("KES:2026-01-01").setCurrency("KES")
            .setBusinessDay("2026-01-01").setTimeZone("Africa/Nairobi").setStatus(dev.hazina.schemas.DailyReportStatus.FINAL)
            .setRevision(2).setAsOf(1_767_312_000_000L).setOpeningLiability(900_000L).setClosingLiability(1_020_000L)
            .setLiability(List.of(dev.hazina.schemas.LiabilityLine.newBuilder().setAccountClass("WALLETS").setOpening(899_000L)
                .setClosing(1_018_000L).build(), dev.hazina.schemas.LiabilityLine.newBuilder().setAccountClass("FEES")
                .setOpening(1_000L).setClosing(2_000L).build()))
            .setIssued(150_000L).setRedeemed(30_000L).setFees(1_000L).setCommissions(0L)
            .setTransfers(List.of(dev.hazina.schemas.TransferTally.newBuilder().setKind("P2P").setStatus("COMPLETED")
                .setCount(3).setValue(12_000L).build()))
            .setReversals(1).setReversalsValue(500L)
            .setDeadLetters(List.of(dev.hazina.schemas.NamedCount.newBuilder().setName("BAD_MAGIC_BYTE").setCount(2).build()))
            .setStuckSagasRaised(1).setStuckSagasCleared(1)
            .setAlerts(List.of(dev.hazina.schemas.NamedCount.newBuilder().setName("stuck-saga/RAISED").setCount(1).build()))
            .setTrust(trust).build();
    }

    public static List<SpecificRecord> all() {
        return List.of(transferRequest(), ledgerEntry(), accountLimits(), accountState(), accountCommand(),
            accountEvent(), transferResult(), ledgerLeg(), transferRecord(), settlement(), deadLetter(), telcoEvent(),
            accountRisk(), ruleBand(), fraudAlert(), fraudCaseCommand(), fraudCaseEvent(), fraudCase(), activity(),
            accountProfile(), statement(), auditCheckpoint(), reconciliationAlert(), settlementCommand(), settlementWindow(),
            settlementBatch(), trustStatement(), dailyReport());
    }
}
