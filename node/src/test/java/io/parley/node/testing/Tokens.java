package io.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * {@code contracts/examples/Token.par} over JSON-RPC, for tests that need contract events: deploy
 * it, sign its actions, wait for commits.
 */
public final class Tokens {
  private static final Type U256 = new Type.Int(256, false, false);

  private Tokens() {}

  /** The next nonce of {@code account}, counting its pending transactions. */
  public static long nonce(RpcClient http, KeyPair account) throws RpcClientException {
    return Long.decode(
        http.call("state_getAccount", account.address().toHexString())
            .get("pendingNonce")
            .asText());
  }

  /** Deploys a Token with 1,000,000 units for {@code owner}; returns its address once committed. */
  public static Address deploy(RpcClient http, KeyPair owner) throws Exception {
    long nonce = nonce(http, owner);
    commit(http, deployment(owner, nonce));
    return Payloads.contractAddress(owner.address(), nonce);
  }

  /** The signed deploy of a Token with 1,000,000 units for {@code owner}. */
  public static SignedTransaction deployment(KeyPair owner, long nonce) throws Exception {
    Bytes init =
        Values.encodeList(
            List.of(new Type.BytesT(), new Type.BytesT(), U256),
            List.of(
                Bytes.wrap("Parley".getBytes()),
                Bytes.wrap("PAR".getBytes()),
                BigInteger.valueOf(1_000_000)));
    Bytes bundle =
        ContractCompiler.compile(Path.of("../contracts/examples/Token.par")).bundle().encode();
    return contractTx(owner, nonce, Optional.empty(), Payloads.deploy(bundle, init));
  }

  /** A signed call of {@code action(to, amount)} ({@code transfer} or {@code approve}). */
  public static SignedTransaction action(
      KeyPair from, long nonce, Address token, String action, Address to, long amount) {
    Bytes args =
        Values.encodeList(
            List.of(new Type.AddressT(), U256), List.of(to, BigInteger.valueOf(amount)));
    return contractTx(from, nonce, Optional.of(token), Payloads.call(action, args));
  }

  /** Sends {@code tx} and waits for its receipt, which must report success. */
  public static JsonNode commit(RpcClient http, SignedTransaction tx) throws Exception {
    http.call("tx_send", tx.encoded().toHexString());
    JsonNode receipt = Receipts.await(http, tx);
    if (!receipt.get("status").asText().equals("0x1")) {
      throw new AssertionError("transaction failed: " + receipt);
    }
    return receipt;
  }

  private static SignedTransaction contractTx(
      KeyPair from, long nonce, Optional<Address> to, Bytes payload) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            to.isPresent() ? TransactionKind.CALL : TransactionKind.DEPLOY,
            UInt256.ONE,
            3_000_000,
            to,
            UInt256.ZERO,
            payload)
        .sign(from);
  }
}
