package io.parley.zk.circuit;

/** A circuit that violates docs/spec/circuit-ir.md; {@link #code()} is the spec's error code. */
public final class CircuitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public CircuitException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
