package io.parley.zk.computation;

import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.king.Dn07Replay;
import io.parley.zk.king.KingBlameVerifier;
import io.parley.zk.king.KingLayout;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.preprocessing.BatchReplay;
import io.parley.zk.prss.PrssBlameVerifier;
import io.parley.zk.rep4.Rep4BlameVerifier;

/**
 * Blames of every protocol, for a reader that does not know which protocol produced one (the chain,
 * an explorer, a test): decoding from the bytes of docs/spec/mpc-network.md and checking with the
 * committee's public keys only. Each {@link Protocol} also names its own, narrower verifier.
 */
public final class Blames {
  private Blames() {}

  /** Decodes any variant. */
  public static Blame decode(byte[] bytes) {
    return BlameCodec.decode(
        bytes,
        (variant, accused, evidence) ->
            switch (variant) {
              case 4 -> Rep4BlameVerifier.opaque(variant, accused, evidence);
              case 5 -> PrssBlameVerifier.opaque(variant, accused, evidence);
              default -> throw new MalformedMessageException("unknown blame variant " + variant);
            });
  }

  public static byte[] encode(Blame blame) {
    return BlameCodec.encode(blame);
  }

  /** Verifies any variant. */
  public static BlameVerifier verifier(Committee committee) {
    BlameVerifier openings = new OpeningBlameVerifier(committee, KingLayout.INSTANCE);
    return blame -> {
      if (blame.accused() < 0 || blame.accused() >= committee.size()) {
        return Verdict.reject("accused index out of range");
      }
      return switch (blame) {
        case Blame.WrongShare w -> openings.verify(w);
        case Blame.Equivocation e -> openings.verify(e);
        case Blame.PreprocessingDeviation p -> BatchReplay.verifyDeviation(committee, p);
        case Blame.Rep4 r -> Rep4BlameVerifier.verdict(committee, r);
        case Blame.King k -> KingBlameVerifier.verdict(committee, k);
        case Blame.Replay r -> Dn07Replay.verdict(committee, r);
        case Blame.PrssKeys p -> PrssBlameVerifier.verdict(committee, p);
      };
    };
  }
}
