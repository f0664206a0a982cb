package dev.hazina.topology;

import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/** Checks a request can be considered at all, before any account is read. */
final class RequestValidator {

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
        .map(Currency::getCurrencyCode)
        .collect(Collectors.toUnmodifiableSet());

    /** Every kind this ledger version decides; others are refused UNSUPPORTED_KIND. */
    private static final Set<TransferKind> SUPPORTED = EnumSet.of(TransferKind.P2P, TransferKind.CASH_IN,
        TransferKind.CASH_OUT, TransferKind.MERCHANT_PAYMENT, TransferKind.B2C, TransferKind.ISSUE,
        TransferKind.AUTHORIZE, TransferKind.CAPTURE, TransferKind.VOID, TransferKind.REVERSAL);
    /** The kinds that act on an earlier request named in {@code reference}. */
    private static final Set<TransferKind> REFERENCING = EnumSet.of(TransferKind.CAPTURE, TransferKind.VOID,
        TransferKind.REVERSAL);

    private final int idMaxLength;
    private final int metadataMaxBytes;
    private final long issueMaxAmount;

    RequestValidator(LedgerConfig config) {
        this.idMaxLength = config.idMaxLength();
        this.metadataMaxBytes = config.metadataMaxBytes();
        this.issueMaxAmount = config.issueMaxAmount();
    }

    /** The rejection for a malformed request, or null when it may proceed. */
    Rejection validate(TransferRequest request) {
        TransferKind kind = request.getKind();
        if (!SUPPORTED.contains(kind)) {
            return new Rejection(ReasonCode.UNSUPPORTED_KIND, kind + " is not supported by this ledger version");
        }
        if (!Amounts.validAmount(request.getAmount())) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "amount must be 1 to " + Amounts.MAX + " minor units, got "
                + request.getAmount());
        }
        if (!validId(request.getPayer()) || !validId(request.getPayee())) {
            return new Rejection(ReasonCode.INVALID_REQUEST,
                "payer and payee must be 1-" + idMaxLength + " characters");
        }
        if (request.getPayer().equals(request.getPayee())) {
            return new Rejection(ReasonCode.SAME_ACCOUNT, "payer and payee are both " + request.getPayer());
        }
        if (!isCurrency(request.getCurrency())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "unknown currency code '" + request.getCurrency() + "'");
        }
        if (metadataBytes(request.getMetadata()) > metadataMaxBytes) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "metadata exceeds " + metadataMaxBytes + " bytes");
        }
        return kind == TransferKind.ISSUE ? validateIssue(request) : validateSaga(request);
    }

    private Rejection validateIssue(TransferRequest request) {
        if (!SystemAccounts.ISSUANCE.equals(request.getPayer())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "ISSUE must name " + SystemAccounts.ISSUANCE + " as payer");
        }
        if (request.getAmount() > issueMaxAmount) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "ISSUE above the maximum of " + issueMaxAmount);
        }
        return null;
    }

    private Rejection validateSaga(TransferRequest request) {
        if (SystemAccounts.isSystem(request.getPayer()) || SystemAccounts.isSystem(request.getPayee())) {
            return new Rejection(ReasonCode.INVALID_ACCOUNT_TYPE, "system accounts cannot be named in a " + request.getKind());
        }
        if (REFERENCING.contains(request.getKind()) && !validId(request.getReference())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, request.getKind()
                + " needs the requestId it refers to in reference (1-" + idMaxLength + " characters)");
        }
        return null;
    }

    static boolean isCurrency(String code) {
        return code != null && CURRENCIES.contains(code);
    }

    boolean validId(String id) {
        return id != null && !id.isBlank() && id.length() <= idMaxLength;
    }

    private static long metadataBytes(Map<String, String> metadata) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
            bytes += entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }
}
