package io.parley.zk.attestation;

import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Secp256k1;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a statement is final (docs/spec/attestation.md section 3): at least 2t+1 valid
 * votes from distinct members. Invalid votes are listed with their reason and do not count.
 */
public final class Finality {
  private Finality() {}

  /** The members whose votes count, and why each other vote was refused. */
  public record Result(boolean isFinal, List<Integer> signers, List<String> refused) {
    public Result {
      signers = List.copyOf(signers);
      refused = List.copyOf(refused);
    }
  }

  public static Result check(
      Statement statement, List<Vote> votes, List<PublicKey> signingKeys, int threshold) {
    if (signingKeys.size() < 3 * threshold + 1) {
      throw new IllegalArgumentException("a committee of n >= 3t + 1 members is required");
    }
    var digest = statement.digest();
    Set<Integer> signers = new LinkedHashSet<>();
    List<String> refused = new ArrayList<>();
    for (Vote v : votes) {
      if (v.member() < 0 || v.member() >= signingKeys.size()) {
        refused.add("vote of unknown member " + v.member());
      } else if (signers.contains(v.member())) {
        refused.add("second vote of member " + v.member());
      } else if (!Secp256k1.hasCanonicalScalars(v.signature())
          || !Secp256k1.verify(
              Vote.hash(digest, v.member(), v.stateShares()),
              v.signature(),
              signingKeys.get(v.member()))) {
        refused.add("signature of member " + v.member() + " does not verify");
      } else {
        signers.add(v.member());
      }
    }
    return new Result(signers.size() >= 2 * threshold + 1, List.copyOf(signers), refused);
  }
}
