package io.parley.zk.messages;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;

/** Signs outgoing envelopes with a member's genesis key; the no-op form serves semi-honest runs. */
public interface Signer {
  Envelope sign(Envelope envelope);

  static Signer with(PrivateKey key) {
    return envelope -> envelope.withSignature(Secp256k1.sign(envelope.digest(), key));
  }

  static Signer none() {
    return envelope -> envelope;
  }
}
