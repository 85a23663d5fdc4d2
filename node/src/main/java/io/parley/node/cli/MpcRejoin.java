package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.genesis.KeyFiles;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.MemberConduct;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley mpc rejoin}: the operator of a member the chain excluded after a verified blame
 * (docs/spec/attestation.md section 7) takes it back into the committee once it is repaired: a
 * kind-4 rejoin (form 5) signed with the member's key, sent to the registry account.
 */
@Command(
    name = "rejoin",
    mixinStandardHelpOptions = true,
    description =
        "Take an excluded MPC member back into the committee (after fixing what made it cheat).")
final class MpcRejoin implements Callable<Integer> {
  @Mixin RpcOptions rpc;

  @Option(
      names = "--key-file",
      required = true,
      description = "The member's signing key (mpc-<j>/key).")
  Path keyFile;

  @Override
  public Integer call() throws Exception {
    KeyPair member = KeyPair.of(KeyFiles.read(keyFile));
    RpcClient client = rpc.client();
    try {
      long nonce =
          Long.decode(
              client
                  .call("state_getAccount", member.address().toHexString())
                  .get("pendingNonce")
                  .asText());
      JsonNode chain = client.call("chain_id");
      long chainId = Long.decode(chain.get("chainId").asText());
      SignedTransaction tx =
          new Transaction(
                  chainId,
                  nonce,
                  TransactionKind.COMPUTATION_VOTE,
                  UInt256.ZERO,
                  100_000,
                  Optional.of(ComputationRegistry.REGISTRY),
                  UInt256.ZERO,
                  new MemberConduct.Rejoin().encode())
              .sign(member);
      String hash = client.call("tx_send", tx.encoded().toHexString()).asText();
      System.out.println("rejoin of " + member.address().toHexString() + " sent: " + hash);
      return ReceiptWaiter.await(client, hash);
    } catch (RpcClientException e) {
      throw new CliException(e.getMessage());
    }
  }
}
