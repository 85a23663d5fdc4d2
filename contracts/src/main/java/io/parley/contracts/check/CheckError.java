package io.parley.contracts.check;

import io.parley.contracts.lang.Span;

/** Internal unwinding for one check error; turned into a CompileError with source context. */
final class CheckError extends RuntimeException {
  private final transient Span span;

  CheckError(Span span, String message) {
    super(message, null, false, false);
    this.span = span;
  }

  Span span() {
    return span;
  }
}
