package io.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.genesis.Genesis;
import io.parley.genesis.KeyFiles;
import io.parley.mpc.store.RocksMemberStore;
import io.parley.node.mpc.InputFollower;
import io.parley.node.mpc.MemberService;
import io.parley.node.mpc.VerifiedBlocks;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A confidential computation on a test chain with a committee of 4: the Donations fixture deployed,
 * two secret gifts, a {@code settle} that starts {@code add_up}, and members run as {@link
 * MemberService}s on their own threads over the real committee network.
 */
public final class ConfidentialFlow {
  private ConfidentialFlow() {}

  public interface Body {
    void run() throws Exception;
  }

  public static Thread start(String name, Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (InterruptedException e) {
                // stopped by the test
              } catch (Exception e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                  throw new IllegalStateException(name + " failed", e);
                }
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Member {@code j} as a {@link MemberService} on its own thread, its store in {@code data}. */
  public static Thread member(
      Path data,
      Genesis genesis,
      Path keys,
      int j,
      RpcClient client,
      List<InetSocketAddress> committee) {
    return start(
        "member-" + j,
        () -> {
          PrivateKey signing = KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"));
          try (RocksMemberStore store = RocksMemberStore.open(data)) {
            InputFollower follower =
                new InputFollower(
                    TestNetwork.CHAIN_ID,
                    genesis.config().mpcCommittee(),
                    j,
                    KeyFiles.read(keys.resolve("mpc-" + j).resolve("encryption.key")),
                    store);
            VerifiedBlocks blocks =
                new VerifiedBlocks(
                    client, TestNetwork.CHAIN_ID, genesis.config().validators(), 131_072);
            try (MemberService service =
                new MemberService(
                    genesis,
                    j,
                    signing,
                    follower,
                    blocks,
                    client,
                    committee,
                    MemberService.DEFAULT_STEP_TIMEOUT)) {
              service.start();
              service.run(50);
            }
          }
        });
  }

  /**
   * The four members as {@link MemberService}s on their own threads (stores under {@code
   * dir/checker-j}) until closed: for tests that post members' transactions by hand and need the
   * committee's checks of the stored inputs done first ({@link #awaitChecks}).
   */
  public static AutoCloseable members(
      Path dir, Genesis genesis, Path keys, java.util.function.Supplier<RpcClient> clients)
      throws Exception {
    List<InetSocketAddress> committee = new java.util.ArrayList<>();
    for (int j = 0; j < 4; j++) {
      committee.add(new InetSocketAddress("127.0.0.1", NodeProcess.freePort()));
    }
    List<Thread> threads = new java.util.ArrayList<>();
    for (int j = 0; j < 4; j++) {
      threads.add(member(dir.resolve("checker-" + j), genesis, keys, j, clients.get(), committee));
    }
    return () -> {
      threads.forEach(Thread::interrupt);
      for (Thread t : threads) {
        t.join(10_000);
      }
    };
  }

  /**
   * The Donations fixture without its {@code where} rule: every gift is still checked by the
   * committee before it counts (a validity check, a computation of its own: computations.md section
   * 4), but any gift passes (with the rule, one above 500 is rejected: ConfidentialDevnetTest).
   */
  public static io.parley.contracts.CompiledContract donationsWithoutRule() throws Exception {
    String source =
        java.nio.file.Files.readString(
            Path.of("../contracts/src/test/resources/contracts/Donations.par"));
    if (!source.contains(" where value <= 500")) {
      throw new AssertionError("the Donations fixture changed: update donationsWithoutRule");
    }
    return ContractCompiler.compile(
        new io.parley.contracts.lang.SourceFile(
            "Donations.par", source.replace(" where value <= 500", "")));
  }

  /**
   * Deploys the Donations fixture (without its rule) and has two accounts give a secret amount
   * each.
   */
  public static Address deployAndGive(RpcClient client, List<KeyPair> accounts) throws Exception {
    KeyPair alice = accounts.get(0);
    var compiled = donationsWithoutRule();
    send(
        client,
        new Transaction(
                TestNetwork.CHAIN_ID,
                0,
                TransactionKind.DEPLOY,
                UInt256.ONE,
                5_000_000,
                Optional.empty(),
                UInt256.ZERO,
                Payloads.deploy(compiled.bundle().encode(), Bytes.fromHexString("0xc0")))
            .sign(alice));
    Address contract = Payloads.contractAddress(alice.address(), 0);
    InputCommittee committee = CommitteeView.fetch(client, contract).committee();
    long[] gifts = {437, 389};
    for (int g = 0; g < 2; g++) {
      KeyPair giver = accounts.get(g);
      long n = nonce(client, giver.address());
      JsonNode r =
          send(
              client,
              new Transaction(
                      TestNetwork.CHAIN_ID,
                      n,
                      TransactionKind.SECRET_INPUT,
                      UInt256.ONE,
                      1_000_000,
                      Optional.of(contract),
                      UInt256.ZERO,
                      Sealer.seal(
                              committee,
                              new InputContext(
                                  TestNetwork.CHAIN_ID,
                                  giver.address(),
                                  n,
                                  contract,
                                  "gifts",
                                  0,
                                  committee.hash()),
                              List.of(BigInteger.valueOf(gifts[g])))
                          .encode())
                  .sign(giver));
      if (!r.get("status").asText().equals("0x1")) {
        throw new AssertionError("secret input failed: " + r);
      }
    }
    return contract;
  }

  public static SignedTransaction settle(RpcClient client, KeyPair alice, Address contract)
      throws Exception {
    SignedTransaction tx =
        new Transaction(
                TestNetwork.CHAIN_ID,
                nonce(client, alice.address()),
                TransactionKind.CALL,
                UInt256.ONE,
                1_000_000,
                Optional.of(contract),
                UInt256.ZERO,
                Payloads.call("settle", Bytes.fromHexString("0xc0")))
            .sign(alice);
    JsonNode r = send(client, tx);
    if (!r.get("status").asText().equals("0x1")) {
      throw new AssertionError("settle failed: " + r);
    }
    return tx;
  }

  /**
   * Waits (at most {@code timeout}) until every validity check started so far has ended (done, or
   * failed for an input that could not be checked): each stored secret input starts one
   * (computations.md section 4), and a computation reads the input only once its check passed.
   * Returns their ids.
   */
  public static List<String> awaitChecks(RpcClient client, java.time.Duration timeout)
      throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode c : client.call("zk_listComputations", "0x0", "0x64").get("computations")) {
      if (c.get("function").asText().startsWith("valid__")) {
        ids.add(c.get("id").asText());
      }
    }
    for (String id : ids) {
      org.awaitility.Awaitility.await()
          .atMost(timeout)
          .ignoreExceptions()
          .until(
              () ->
                  List.of("done", "failed")
                      .contains(client.call("zk_getComputation", id).get("status").asText()));
    }
    return ids;
  }

  /** The id of the computation a transaction's first start event starts (computations.md). */
  public static Bytes32 computationId(SignedTransaction start) {
    return Hashing.keccak256(start.hash(), Bytes.of(0, 0));
  }

  private static JsonNode send(RpcClient client, SignedTransaction tx) throws Exception {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }

  private static long nonce(RpcClient client, Address a) throws Exception {
    return Long.decode(client.call("state_getAccount", a.toHexString()).get("nonce").asText());
  }
}
