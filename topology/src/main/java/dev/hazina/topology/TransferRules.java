package dev.hazina.topology;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/** Which account types may pay and receive each kind of transfer, and where each request is decided. */
final class TransferRules {

    /** The kinds that debit the payer at step one and send a CREDIT leg; only these pull automatic top-ups. */
    private static final Set<TransferKind> SAGAS = EnumSet.of(TransferKind.P2P, TransferKind.CASH_IN,
        TransferKind.CASH_OUT, TransferKind.MERCHANT_PAYMENT, TransferKind.B2C);

    /** The kinds a REVERSAL may undo once they completed: every kind that credited a payee. */
    private static final Set<TransferKind> REVERSIBLE = EnumSet.of(TransferKind.P2P, TransferKind.CASH_IN,
        TransferKind.CASH_OUT, TransferKind.MERCHANT_PAYMENT, TransferKind.B2C, TransferKind.CAPTURE);

    private static final Map<TransferKind, Set<AccountType>> PAYERS = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.AGENT),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.CUSTOMER, AccountType.BUSINESS),
        TransferKind.B2C, EnumSet.of(AccountType.BUSINESS),
        TransferKind.AUTHORIZE, EnumSet.of(AccountType.CUSTOMER, AccountType.BUSINESS));

    private static final Map<TransferKind, Set<AccountType>> PAYEES = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.AGENT),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.MERCHANT),
        TransferKind.B2C, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.ISSUE, EnumSet.of(AccountType.AGENT, AccountType.BUSINESS),
        TransferKind.CAPTURE, EnumSet.of(AccountType.MERCHANT));

    private TransferRules() {
    }

    /** The kinds only operators may send: accepted from the operator topic alone, whatever the channel field says. */
    private static final Set<TransferKind> OPERATOR_KINDS = EnumSet.of(TransferKind.ISSUE, TransferKind.REVERSAL);

    static boolean isOperatorKind(TransferKind kind) {
        return OPERATOR_KINDS.contains(kind);
    }

    /** The kinds that run as a debit-then-credit saga from a request of their own. */
    static boolean isSaga(TransferKind kind) {
        return SAGAS.contains(kind);
    }

    static boolean isReversible(TransferKind kind) {
        return REVERSIBLE.contains(kind);
    }

    static boolean payerAllowed(TransferKind kind, AccountType type) {
        return PAYERS.getOrDefault(kind, Set.of()).contains(type);
    }

    static boolean payeeAllowed(TransferKind kind, AccountType type) {
        return PAYEES.getOrDefault(kind, Set.of()).contains(type);
    }

    /**
     * The account a request must be keyed by: the partition that decides it and keeps its transfer
     * record. That is the account debited first, except for ISSUE (the payee: issuance is sharded)
     * and REVERSAL (the payee, which is the original payer, whose partition holds the record of the
     * transfer being reversed).
     */
    static String keyAccount(TransferRequest request) {
        return keyAccount(request.getKind(), request.getPayer(), request.getPayee());
    }

    static String keyAccount(TransferKind kind, String payer, String payee) {
        return switch (kind) {
            case ISSUE, REVERSAL -> payee;
            default -> payer;
        };
    }

    /** True when the settling party of {@code kind} is its payee (the merchant or cash-out agent), false for its payer. */
    static boolean payeeSettles(TransferKind kind) {
        return kind != TransferKind.CASH_IN;
    }

    /** The party that settles on a completed transfer, or null: the merchant or the agent. */
    static AccountType settlingParty(TransferKind kind) {
        return switch (kind) {
            case MERCHANT_PAYMENT, CAPTURE -> AccountType.MERCHANT;
            case CASH_IN, CASH_OUT -> AccountType.AGENT;
            default -> null;
        };
    }
}
