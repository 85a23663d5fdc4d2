package io.parley.zk.evidence;

/** The verdict on a {@link Blame}: valid (the accused deviated), or the reason it is rejected. */
public record Verdict(boolean valid, String reason) {
  public static Verdict accept(String reason) {
    return new Verdict(true, reason);
  }

  public static Verdict reject(String reason) {
    return new Verdict(false, reason);
  }
}
