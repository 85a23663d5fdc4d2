package io.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.genesis.KeyFiles;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.inputs.SecretInputs;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * What the devnet tests do as a wallet would, through the SDK: the devnet's funded accounts, and
 * deploys, calls and secret inputs signed for chain 1337 at gas price 1.
 */
public final class DevnetWallet {
  public static final long CHAIN_ID = 1337;
  private static final long GAS = 5_000_000;

  private DevnetWallet() {}

  /** The first {@code n} funded accounts of a devnet whose data directory is {@code data}. */
  public static List<KeyPair> accounts(Path data, int n) throws Exception {
    List<KeyPair> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(
          KeyPair.of(
              KeyFiles.read(
                  data.resolve("network").resolve("accounts").resolve("account-" + k + ".key"))));
    }
    return out;
  }

  public static SignedTransaction sign(KeyPair from, long nonce, TransactionTemplate draft) {
    TransactionTemplate t = draft.withChainId(CHAIN_ID).withNonce(nonce).withGasPrice(UInt256.ONE);
    return (t.gasLimit().isPresent() ? t : t.withGasLimit(GAS)).sign(from);
  }

  /** Sends {@code tx} and waits for its receipt. */
  public static JsonNode send(RpcClient client, SignedTransaction tx) throws Exception {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }

  /** Deploys the contract at {@code source} (no init arguments); returns its address. */
  public static Address deploy(RpcClient client, KeyPair owner, long nonce, Path source)
      throws Exception {
    JsonNode r =
        send(
            client,
            sign(
                owner,
                nonce,
                Transactions.deploy(
                    ContractCompiler.compile(source).bundle(), Bytes.fromHexString("0xc0"))));
    if (!r.get("status").asText().equals("0x1")) {
      throw new AssertionError("deploy failed: " + r);
    }
    return Transactions.contractAddress(owner.address(), nonce);
  }

  /** A call of an action without arguments. */
  public static SignedTransaction call(KeyPair from, long nonce, Address contract, String action) {
    return sign(from, nonce, Transactions.call(contract, action, Bytes.fromHexString("0xc0")));
  }

  /** A new secret input of one value to {@code collection}, sealed as the SDK seals it. */
  public static SignedTransaction secretInput(
      KeyPair from, long nonce, CommitteeView view, String collection, long value) {
    return sign(
        from, nonce, SecretInputs.draft(view, collection, 0, List.of(BigInteger.valueOf(value))));
  }

  /**
   * A secret input whose member plaintexts the caller dealt its own way (an inconsistent or
   * out-of-range sharing, say), sealed correctly so that only the committee's checks can find it.
   */
  public static SignedTransaction sealedPlains(
      KeyPair from,
      long nonce,
      Address contract,
      String collection,
      io.parley.zk.inputs.InputCommittee committee,
      List<byte[]> plains) {
    return new io.parley.base.tx.Transaction(
            CHAIN_ID,
            nonce,
            io.parley.base.tx.TransactionKind.SECRET_INPUT,
            UInt256.ONE,
            1_000_000,
            java.util.Optional.of(contract),
            UInt256.ZERO,
            io.parley.zk.inputs.Sealer.sealPlains(
                    committee,
                    new io.parley.zk.inputs.InputContext(
                        CHAIN_ID, from.address(), nonce, contract, collection, 0, committee.hash()),
                    plains)
                .encode())
        .sign(from);
  }

  public static String query(RpcClient client, Address contract, String view)
      throws RpcClientException {
    return client.call("contract_query", contract.toHexString(), view).get("value").asText();
  }

  /**
   * Each account submits its amount (one value) to {@code collection}, all sent before any receipt
   * is awaited; every receipt must report success.
   */
  public static void submitAll(
      RpcClient client,
      List<KeyPair> accounts,
      CommitteeView view,
      String collection,
      List<Long> amounts)
      throws Exception {
    List<SignedTransaction> submitted = new java.util.ArrayList<>();
    for (int k = 0; k < amounts.size(); k++) {
      KeyPair from = accounts.get(k);
      long nonce =
          Long.decode(
              client
                  .call("state_getAccount", from.address().toHexString())
                  .get("pendingNonce")
                  .asText());
      SignedTransaction tx = secretInput(from, nonce, view, collection, amounts.get(k));
      client.call("tx_send", tx.encoded().toHexString());
      submitted.add(tx);
    }
    for (SignedTransaction tx : submitted) {
      JsonNode r = Receipts.await(client, tx);
      if (!r.get("status").asText().equals("0x1")) {
        throw new AssertionError("secret input failed: " + r);
      }
    }
    awaitChecked(client, submitted);
  }

  /**
   * The id of the validity check a stored secret input starts (computations.md section 4): every
   * collection's inputs are checked by the committee before a computation reads them.
   */
  public static String checkId(SignedTransaction input) {
    return io.parley.node.execution.ComputationRegistry.validityId(input.hash()).toHexString();
  }

  /** Waits until the committee's check of each stored input is done (so computations read it). */
  public static void awaitChecked(RpcClient client, List<SignedTransaction> inputs) {
    for (SignedTransaction tx : inputs) {
      awaitDone(client, checkId(tx), java.time.Duration.ofSeconds(180));
    }
  }

  /**
   * Waits until the chain emitted {@code InputRejected} with {@code reason} for every input id in
   * {@code ids} (read from the receipts of the last 200 blocks).
   */
  public static void awaitRejected(
      RpcClient client, java.util.Set<org.apache.tuweni.bytes.Bytes32> ids, long reason) {
    String topic = io.parley.node.execution.ComputationRegistry.REJECTED.toHexString();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(120))
        .pollInterval(java.time.Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              java.util.Set<org.apache.tuweni.bytes.Bytes32> found = new java.util.HashSet<>();
              long head = Long.decode(client.call("chain_head").get("number").asText());
              for (long h = Math.max(0, head - 200); h <= head; h++) {
                JsonNode block =
                    client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
                for (JsonNode t : block.get("transactions")) {
                  JsonNode r = client.call("tx_getReceipt", t.get("hash").asText());
                  for (JsonNode ev : r.get("events")) {
                    if (!ev.get("topics").get(0).asText().equals(topic)) {
                      continue;
                    }
                    // data = RLP([collection, index, id, reason])
                    List<Object> f =
                        org.apache.tuweni.rlp.RLP.decodeList(
                            Bytes.fromHexString(ev.get("data").asText()),
                            rr -> {
                              rr.readValue();
                              rr.readLong();
                              Object id = org.apache.tuweni.bytes.Bytes32.wrap(rr.readValue());
                              return List.<Object>of(id, rr.readLong());
                            });
                    if (ids.contains(f.get(0)) && (Long) f.get(1) == reason) {
                      found.add((org.apache.tuweni.bytes.Bytes32) f.get(0));
                    }
                  }
                }
              }
              return found.equals(ids);
            });
  }

  /**
   * Member j's operator takes it back: {@code parley mpc rejoin} with its key from {@code data}.
   */
  public static CliRun rejoin(DevnetProcess devnet, Path data, int member) {
    return CliRun.of(
        "mpc",
        "rejoin",
        "--rpc",
        "http://127.0.0.1:" + devnet.rpcPort() + "/",
        "--key-file",
        memberKey(data, member).toString());
  }

  /** Member j's signing key file in a devnet's {@code data} directory. */
  public static Path memberKey(Path data, int member) {
    return data.resolve("network").resolve("mpc-" + member).resolve("key");
  }

  /** Waits (at most {@code timeout}) until computation {@code id} is done. */
  public static void awaitDone(RpcClient client, String id, java.time.Duration timeout) {
    org.awaitility.Awaitility.await()
        .atMost(timeout)
        .ignoreExceptions()
        .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
  }
}
