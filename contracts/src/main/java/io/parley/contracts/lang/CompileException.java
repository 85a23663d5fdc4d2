package io.parley.contracts.lang;

import java.util.List;
import java.util.stream.Collectors;

/** A program that does not compile; carries every error found, in source order. */
public final class CompileException extends Exception {
  private final transient List<CompileError> errors;

  public CompileException(List<CompileError> errors) {
    super(errors.stream().map(CompileError::format).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public CompileException(CompileError error) {
    this(List.of(error));
  }

  public List<CompileError> errors() {
    return errors;
  }
}
