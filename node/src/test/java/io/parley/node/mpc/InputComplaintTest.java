package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.InputComplaints;
import io.parley.node.execution.MemberConduct;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.Receipts;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.inputs.Complaint;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Opener;
import io.parley.zk.inputs.SealedInput;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complaints about secret inputs on the chain (secret-inputs.md sections 5 and 8): a sender who
 * seals one member's share wrongly (its proof of knowledge is fine, so admission takes it) is found
 * out by that member's complaint, which every validator checks; the input is rejected and its index
 * freed, so it cannot stall computations. A complaint about a good input proves the member lied and
 * excludes it; a complaint with a wrong proof, about an input no longer stored, or from a
 * non-member changes nothing. The complaint reveals d_j·E only for the E of the input it names,
 * whose sender already knows it (the oracle argument of section 5).
 */
class InputComplaintTest {
  @TempDir Path dir;

  @Test
  void aBadlySealedInputIsRejectedAndAFalseComplaintExcludesTheMember() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 3, 4);
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    KeyPair carol = network.accounts().get(2);
    List<KeyPair> members = new ArrayList<>();
    List<PrivateKey> encryption = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
      encryption.add(KeyFiles.read(keys.resolve("mpc-" + j).resolve("encryption.key")));
    }
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      InputCommittee committee = CommitteeView.fetch(client, contract).committee();

      // carol seals a gift whose ciphertext for member 1 is garbage: admitted and stored
      InputContext context =
          new InputContext(
              TestNetwork.CHAIN_ID, carol.address(), 0, contract, "gifts", 0, committee.hash());
      SealedInput honest = Sealer.seal(committee, context, List.of(BigInteger.valueOf(250)));
      List<SealedInput.Share> shares = new ArrayList<>(honest.shares());
      byte[] broken = shares.get(1).ciphertext().toArray();
      broken[3] ^= 0x5a;
      shares.set(1, new SealedInput.Share(shares.get(1).commitment(), Bytes.wrap(broken)));
      SealedInput bad =
          new SealedInput(
              honest.collection(),
              honest.target(),
              honest.committeeHash(),
              honest.ephemeral(),
              honest.proof(),
              shares,
              honest.components());
      SignedTransaction badTx = input(carol, 0, contract, bad);
      JsonNode stored = send(client, badTx);
      assertThat(stored.get("status").asText()).isEqualTo("0x1");
      int values = committee.format().dealt(1); // a Shamir element carries its check mask

      // member 1 cannot open it and complains; member 0 (who can open it) gets nothing to say
      Opener.Opened opened = Opener.open(bad, committee, context, 1, encryption.get(1), values);
      assertThat(opened).isInstanceOf(Opener.Complained.class);
      Complaint complaint = ((Opener.Complained) opened).complaint();
      assertThat(Opener.open(bad, committee, context, 0, encryption.get(0), values))
          .isInstanceOf(Opener.Shares.class);

      // refused at admission (4017): from a non-member; carrying a transaction that is not a
      // secret input to this contract
      Bytes payload = new InputComplaints.Payload(badTx.encoded(), complaint.encode()).encode();
      assertThatThrownBy(() -> send(client, paid(alice, contract, payload)))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> assertThat(e.getMessage()).contains("not a committee member"));
      SignedTransaction settleLike = ConfidentialFlow.settle(client, alice, contract);
      Bytes wrongTx =
          new InputComplaints.Payload(settleLike.encoded(), complaint.encode()).encode();
      long[] nonces = new long[4];
      assertThatThrownBy(() -> send(client, vote(members.get(1), nonces[1], contract, wrongTx)))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));

      // a complaint whose proof is another member's: failed, nothing changes
      JsonNode wrongProof = send(client, vote(members.get(2), nonces[2]++, contract, payload));
      assertThat(wrongProof.get("failureReason").asText())
          .isEqualTo("input complaint: member 2's proof does not verify");

      // member 1's complaint: the sender is at fault, the input is rejected and its index freed
      JsonNode rejected = send(client, vote(members.get(1), nonces[1]++, contract, payload));
      assertThat(rejected.get("status").asText()).as(rejected.toString()).isEqualTo("0x1");
      assertThat(rejected.get("events").toString())
          .contains(ComputationRegistry.REJECTED.toHexString().substring(2))
          .contains(ComputationRegistry.FAILED.toHexString().substring(2));
      // its check, which member 1 could not take part in, ends with it
      assertThat(
              client
                  .call(
                      "zk_getComputation",
                      ComputationRegistry.validityId(badTx.hash()).toHexString())
                  .get("status")
                  .asText())
          .isEqualTo("failed");
      JsonNode again = send(client, vote(members.get(1), nonces[1]++, contract, payload));
      assertThat(again.get("failureReason").asText()).contains("is no longer stored");
      // once the committee checked the two good gifts, a computation started now reads them
      // only (members run for the checks alone, then stop)
      try (AutoCloseable running =
          ConfidentialFlow.members(
              dir,
              io.parley.genesis.Genesis.load(network.genesisFile()),
              keys,
              () -> TestNetwork.client(node))) {
        ConfidentialFlow.awaitChecks(client, java.time.Duration.ofSeconds(120));
      }
      SignedTransaction settle = ConfidentialFlow.settle(client, alice, contract);
      JsonNode record =
          client.call("zk_getComputation", ConfidentialFlow.computationId(settle).toHexString());
      assertThat(record.get("inputs").get(0).get("used")).hasSize(2);
      assertThat(record.get("inputs").toString())
          .doesNotContain(
              io.parley.base.crypto.Hashing.keccak256(badTx.hash(), Bytes.of(0, 0))
                  .toHexString()
                  .substring(2));

      // a complaint about a good input (alice's gift, which member 3 opens fine) proves member 3
      // lied: it is excluded
      SignedTransaction aliceGift = aliceGift(client, contract);
      Complaint lie = falseComplaint(aliceGift, committee, contract, 3, encryption.get(3));
      JsonNode excluded =
          send(
              client,
              vote(
                  members.get(3),
                  Long.decode(
                      client
                          .call("state_getAccount", members.get(3).address().toHexString())
                          .get("nonce")
                          .asText()),
                  contract,
                  new InputComplaints.Payload(aliceGift.encoded(), lie.encode()).encode()));
      assertThat(excluded.get("events").toString())
          .contains(MemberConduct.BLAMED.toHexString().substring(2));
      assertThat(
              client
                  .call("zk_getCommittee", contract.toHexString())
                  .get("members")
                  .get(3)
                  .get("excluded")
                  .isNull())
          .isFalse();
    }
  }

  /** Alice's gift transaction (the first secret input of the fixture), read back from the chain. */
  private static SignedTransaction aliceGift(RpcClient client, Address contract) throws Exception {
    for (long h = 1; ; h++) {
      JsonNode block = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
      for (JsonNode tx : block.get("transactions")) {
        if (tx.get("kind").asText().equals("secret_input")) {
          return SignedTransaction.decode(Bytes.fromHexString(tx.get("raw").asText()), 131_072);
        }
      }
    }
  }

  /**
   * Member j's complaint about an input it can open: what a lying member would post. Built with the
   * engine's own proof (package-private there: a correct member never complains about a good
   * input).
   */
  private static Complaint falseComplaint(
      SignedTransaction input,
      InputCommittee committee,
      Address contract,
      int j,
      PrivateKey encryptionKey)
      throws Exception {
    SealedInput sealed = SealedInput.decode(input.transaction().payload(), 131_072);
    InputContext context =
        new InputContext(
            TestNetwork.CHAIN_ID,
            input.sender().orElseThrow(),
            input.transaction().nonce(),
            contract,
            sealed.collection(),
            sealed.target(),
            sealed.committeeHash());
    return falseComplaint(sealed.ephemeral(), context, committee, j, encryptionKey);
  }

  /** Member j's complaint about the input of ephemeral point E in {@code context}. */
  static Complaint falseComplaint(
      Bytes ephemeral,
      InputContext context,
      InputCommittee committee,
      int j,
      PrivateKey encryptionKey)
      throws Exception {
    Bytes32 ctx = context.hash(ephemeral);
    var curve = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1");
    byte[] sec1 = new byte[65];
    sec1[0] = 4;
    System.arraycopy(
        committee.members().get(j).encryption().bytes().toArrayUnsafe(), 0, sec1, 1, 64);
    var q = curve.getCurve().decodePoint(sec1);
    var prove =
        Complaint.class.getDeclaredMethod(
            "prove",
            int.class,
            BigInteger.class,
            org.bouncycastle.math.ec.ECPoint.class,
            Bytes.class,
            Bytes32.class);
    prove.setAccessible(true);
    return (Complaint)
        prove.invoke(
            null, j, new BigInteger(1, encryptionKey.bytes().toArrayUnsafe()), q, ephemeral, ctx);
  }

  private static SignedTransaction input(
      KeyPair from, long nonce, Address contract, SealedInput s) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            TransactionKind.SECRET_INPUT,
            UInt256.ONE,
            1_000_000,
            Optional.of(contract),
            UInt256.ZERO,
            s.encode())
        .sign(from);
  }

  static SignedTransaction vote(KeyPair member, long nonce, Address contract, Bytes p) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            TransactionKind.COMPUTATION_VOTE,
            UInt256.ZERO,
            3_000_000,
            Optional.of(contract),
            UInt256.ZERO,
            p)
        .sign(member);
  }

  static SignedTransaction paid(KeyPair from, Address contract, Bytes p) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            99,
            TransactionKind.COMPUTATION_VOTE,
            UInt256.ONE,
            3_000_000,
            Optional.of(contract),
            UInt256.ZERO,
            p)
        .sign(from);
  }

  static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }
}
