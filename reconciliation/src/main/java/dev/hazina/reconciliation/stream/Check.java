package dev.hazina.reconciliation.stream;

/** The checks of the reconciliation stream; {@link #id()} is the alert's key and check field. */
public enum Check {
    SEQUENCE_CHAIN("sequence-chain"),
    TRANSFER_BALANCE("transfer-balance"),
    CONSERVATION("conservation"),
    STUCK_SAGA("stuck-saga"),
    HOLD_DEADLINE("hold-deadline");

    private final String id;

    Check(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
