package dev.hazina.topology;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.TransferKind;

/** Which account types may pay and receive each kind of transfer. */
final class TransferRules {

    private static final Map<TransferKind, Set<AccountType>> PAYERS = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.AGENT),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.CUSTOMER, AccountType.BUSINESS),
        TransferKind.B2C, EnumSet.of(AccountType.BUSINESS));

    private static final Map<TransferKind, Set<AccountType>> PAYEES = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.AGENT),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.MERCHANT),
        TransferKind.B2C, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.ISSUE, EnumSet.of(AccountType.AGENT, AccountType.BUSINESS));

    private TransferRules() {
    }

    /** The kinds that run as a debit-then-credit saga. */
    static boolean isSaga(TransferKind kind) {
        return PAYERS.containsKey(kind);
    }

    static boolean payerAllowed(TransferKind kind, AccountType type) {
        return PAYERS.getOrDefault(kind, Set.of()).contains(type);
    }

    static boolean payeeAllowed(TransferKind kind, AccountType type) {
        return PAYEES.getOrDefault(kind, Set.of()).contains(type);
    }

    /** The party that settles on a completed transfer, or null: the merchant or the agent. */
    static AccountType settlingParty(TransferKind kind) {
        return switch (kind) {
            case MERCHANT_PAYMENT -> AccountType.MERCHANT;
            case CASH_IN, CASH_OUT -> AccountType.AGENT;
            default -> null;
        };
    }
}
