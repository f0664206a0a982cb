package dev.hazina.topology;

import dev.hazina.schemas.ReasonCode;

/** A business refusal: a reason code and a sentence for people. */
record Rejection(ReasonCode reason, String detail) {
}
