package io.parley.consensus.validation;

import java.util.Objects;
import java.util.Optional;

/** Why a message, block or certificate was refused: an expected outcome, not an error. */
public record Rejection(String reason) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
  }

  public static Optional<Rejection> of(String reason) {
    return Optional.of(new Rejection(reason));
  }
}
