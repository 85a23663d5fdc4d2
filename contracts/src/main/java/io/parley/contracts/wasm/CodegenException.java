package io.parley.contracts.wasm;

import io.parley.contracts.lang.Span;
import java.util.Optional;

/** A program the checker accepted but the WebAssembly back end cannot compile (a limit). */
public final class CodegenException extends RuntimeException {
  private final transient Span span;

  public CodegenException(String message) {
    this(null, message);
  }

  public CodegenException(Span span, String message) {
    super(message, null, false, false);
    this.span = span;
  }

  public Optional<Span> span() {
    return Optional.ofNullable(span);
  }
}
