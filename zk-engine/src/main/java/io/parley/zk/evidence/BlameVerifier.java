package io.parley.zk.evidence;

/**
 * Checks a {@link Blame} with nothing but the committee's public keys, so that the chain can record
 * and exclude a cheater. Each protocol has one ({@code io.parley.zk.computation.Protocol}); a
 * verifier rejects the variants its protocol cannot produce. Stateless and deterministic.
 */
@FunctionalInterface
public interface BlameVerifier {
  Verdict verify(Blame blame);

  /** This verifier for the variants it is given, {@code other} for the rest. */
  static BlameVerifier of(
      Class<? extends Blame> variant, BlameVerifier specific, BlameVerifier other) {
    return blame -> variant.isInstance(blame) ? specific.verify(blame) : other.verify(blame);
  }
}
