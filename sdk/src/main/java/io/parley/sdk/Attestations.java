package io.parley.sdk;

import io.parley.base.crypto.PublicKey;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.verify.VerificationException;
import io.parley.zk.attestation.Finality;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.inputs.InputCommittee;
import java.util.List;

/**
 * Checks that a confidential computation's result is final (docs/spec/attestation.md section 3): at
 * least 2t+1 valid votes of distinct committee members for the statement, with the committee's
 * signing keys from {@code zk_getCommittee} (whose hash the SDK recomputes), and that the chain
 * recorded that statement's digest as the computation's result.
 */
public final class Attestations {
  private Attestations() {}

  /** The finality of {@code votes} for {@code statement}; throws when not final. */
  public static Finality.Result verify(
      Statement statement, List<Vote> votes, CommitteeView committee) throws VerificationException {
    List<PublicKey> keys =
        committee.committee().members().stream().map(InputCommittee.MemberKeys::signing).toList();
    Finality.Result result =
        Finality.check(statement, votes, keys, committee.committee().threshold());
    if (!result.isFinal()) {
      throw new VerificationException(
          "the statement is not final: "
              + result.signers().size()
              + " valid vote(s), "
              + (2 * committee.committee().threshold() + 1)
              + " needed"
              + (result.refused().isEmpty() ? "" : "; refused: " + result.refused()));
    }
    return result;
  }

  /** As {@link #verify}, and the record's final digest must be the statement's. */
  public static Finality.Result verify(
      Statement statement, List<Vote> votes, CommitteeView committee, ComputationRecord record)
      throws VerificationException {
    if (record.result().isEmpty()) {
      throw new VerificationException(
          "computation " + record.id() + " has no result yet (status " + record.status() + ")");
    }
    if (!record.result().get().equals(statement.digest())) {
      throw new VerificationException(
          "computation "
              + record.id()
              + ": the chain recorded digest "
              + record.result().get()
              + ", the statement's is "
              + statement.digest());
    }
    return verify(statement, votes, committee);
  }
}
