package io.parley.zk.messages;

import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Secp256k1;
import java.util.List;

/**
 * The committee as a verifier sees it: the members' genesis secp256k1 public keys in party order
 * (party i is evaluation point i+1). n = 3t+1.
 */
public record Committee(List<PublicKey> members) {
  public Committee {
    members = List.copyOf(members);
    if (members.size() < 4 || (members.size() - 1) % 3 != 0) {
      throw new IllegalArgumentException("committee size must be 3t+1, got " + members.size());
    }
  }

  public int size() {
    return members.size();
  }

  public int threshold() {
    return (members.size() - 1) / 3;
  }

  /** True when the envelope is signed by the member it names as sender. */
  public boolean signedBySender(Envelope envelope) {
    if (envelope.sender() < 0 || envelope.sender() >= size()) {
      return false;
    }
    return envelope
        .signature()
        .map(s -> Secp256k1.verify(envelope.digest(), s, members.get(envelope.sender())))
        .orElse(false);
  }
}
