package io.parley.zk.computation;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.messages.Committee;

/**
 * One member of a committee as it runs a computation: the committee's public keys in member order,
 * its own index and its genesis signing key (which must match its public key).
 */
public record CommitteeMember(Committee committee, int self, PrivateKey key) {
  public CommitteeMember {
    if (self < 0 || self >= committee.size()) {
      throw new IllegalArgumentException(
          "member " + self + " is not in a committee of " + committee.size());
    }
    if (!committee.members().get(self).equals(key.publicKey())) {
      throw new IllegalArgumentException("the key is not member " + self + "'s");
    }
  }

  public int size() {
    return committee.size();
  }

  public int threshold() {
    return committee.threshold();
  }
}
