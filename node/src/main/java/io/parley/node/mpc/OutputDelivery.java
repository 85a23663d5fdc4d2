package io.parley.node.mpc;

import io.parley.base.crypto.PublicKey;
import io.parley.node.execution.PrivateOutputs;
import io.parley.zk.inputs.OutputSeal;
import io.parley.zk.inputs.RandomBytes;
import org.apache.tuweni.bytes.Bytes;

/** A member's shares of a private output, sealed for the key its recipient asked with. */
final class OutputDelivery {
  private OutputDelivery() {}

  /** The kind-4 payload (private-outputs.md section 3) carrying member {@code self}'s shares. */
  static Bytes share(long chainId, int self, InputFollower.OutputRequested q, byte[] shares) {
    var sealed =
        OutputSeal.seal(
            new PublicKey(q.publicKey()),
            OutputSeal.context(chainId, q.id(), q.name()),
            self,
            shares,
            RandomBytes.secure());
    return new PrivateOutputs.Share(q.id(), q.name(), sealed.ephemeral(), sealed.ciphertext())
        .encode();
  }
}
