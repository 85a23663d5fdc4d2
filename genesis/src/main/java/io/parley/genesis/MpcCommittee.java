package io.parley.genesis;

import io.parley.base.block.Validator;
import java.util.List;

/**
 * The MPC committee that computes the confidential parts of contracts: n = 3t + 1 members, any t of
 * which may be corrupt. Members are identified like validators, by secp256k1 keys. An empty
 * committee (a chain without confidential contracts) has threshold 0.
 */
public record MpcCommittee(int threshold, List<Validator> members) {
  public static final MpcCommittee NONE = new MpcCommittee(0, List.of());

  public MpcCommittee {
    members = List.copyOf(members);
    if (!members.isEmpty()) {
      if (members.size() < 4) {
        throw new GenesisException("mpcCommittee: needs at least 4 members (n = 3t + 1, t >= 1)");
      }
      if (threshold < 1 || 3 * threshold + 1 > members.size()) {
        throw new GenesisException(
            "mpcCommittee: threshold must satisfy 1 <= t and 3t + 1 <= n = " + members.size());
      }
    } else if (threshold != 0) {
      throw new GenesisException("mpcCommittee: an empty committee has threshold 0");
    }
  }

  public static MpcCommittee of(List<Validator> members) {
    return members.isEmpty() ? NONE : new MpcCommittee((members.size() - 1) / 3, members);
  }
}
