package io.parley.zk.rep4;

/** What an exchange round does; the code is part of every signed statement. */
public enum RoundKind {
  /** Pairwise key contributions (setup). */
  KEYS(1),
  /** Owners send the one non-PRG component of their inputs. */
  INPUT(2),
  /** Receivers of a KEYS or INPUT round forward the signed statements they got to each other. */
  ECHO(3),
  /** Multiplication over Z_2^64. */
  MULTIPLY(4),
  /** AND over bit-sliced Z_2 (64 bits per long). */
  AND(5),
  /** Opening to every party over Z_2^64. */
  OPEN(6);

  private final int code;

  RoundKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RoundKind of(int code) {
    for (RoundKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown rep4 round kind " + code);
  }
}
