package io.parley.consensus.validation;

import java.util.Objects;
import java.util.Optional;

/** Why a message, block or certificate was refused: an expected outcome, not an error. */
public record Refusal(String reason) {
  public Refusal {
    Objects.requireNonNull(reason, "reason");
  }

  public static Optional<Refusal> of(String reason) {
    return Optional.of(new Refusal(reason));
  }
}
