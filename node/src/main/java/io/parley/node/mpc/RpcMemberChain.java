package io.parley.node.mpc;

import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;

/** The member outbox's way to the chain: the member's account, the validator's RPC (kind 4). */
final class RpcMemberChain implements MemberOutbox.Chain {
  private final RpcClient client;
  private final KeyPair signing;
  private final long chainId;

  RpcMemberChain(RpcClient client, KeyPair signing, long chainId) {
    this.client = client;
    this.signing = signing;
    this.chainId = chainId;
  }

  @Override
  public long pendingNonce() throws RpcClientException {
    return Long.decode(
        client
            .call("state_getAccount", signing.address().toHexString())
            .get("pendingNonce")
            .asText());
  }

  @Override
  public void send(long nonce, MemberOutbox.Transaction t) throws RpcClientException {
    SignedTransaction tx =
        new Transaction(
                chainId,
                nonce,
                TransactionKind.COMPUTATION_VOTE,
                UInt256.ZERO,
                t.gasLimit(),
                Optional.of(t.to()),
                UInt256.ZERO,
                t.payload())
            .sign(signing);
    client.call("tx_send", tx.encoded().toHexString());
  }
}
