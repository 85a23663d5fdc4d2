package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.MemberConduct;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.Receipts;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Blame;
import io.parley.zk.field.FieldElement;
import io.parley.zk.king.KingBlameVerifier;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blame evidence on the chain (docs/spec/attestation.md section 7, ADR 0038): a member posts the
 * proof that another cheated in parts; every validator verifies it with the committee's public keys
 * alone, records it and excludes the accused; no computation starts while a member is excluded,
 * until its operator's rejoin. Forged, tampered or misattributed evidence is refused with its
 * reason and changes nothing: the path is an oracle anyone in the committee can call, and all it
 * answers is the verdict on bytes the caller already holds.
 */
class BlameEvidenceTest {
  @TempDir Path dir;

  @Test
  void verifiedEvidenceExcludesTheCheaterUntilItRejoinsAndBadEvidenceChangesNothing()
      throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    List<KeyPair> members = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
    }
    Committee committee = new Committee(members.stream().map(KeyPair::publicKey).toList());
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      SignedTransaction settle = ConfidentialFlow.settle(client, alice, contract);
      Bytes32 id = ConfidentialFlow.computationId(settle);
      long[] nonces = new long[4];

      // member 1 signed two different king shares for one slot: an equivocation
      Blame cheat = equivocation(members.get(1), 1);
      Bytes evidence = Bytes.wrap(Blames.encode(cheat));
      assertThat(KingBlameVerifier.of(committee).verify(cheat).valid()).isTrue();

      // refused at admission (4017): from a non-member, too many parts, a part past the last,
      // an empty part, an accused that is no member
      SignedTransaction stranger =
          new Transaction(
                  TestNetwork.CHAIN_ID,
                  nonce(client, alice),
                  TransactionKind.COMPUTATION_VOTE,
                  UInt256.ONE,
                  2_000_000,
                  Optional.of(contract),
                  UInt256.ZERO,
                  part(id, 1, evidence))
              .sign(alice);
      assertThatThrownBy(() -> send(client, stranger))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> assertThat(e.getMessage()).contains("not a committee member"));
      for (Bytes bad :
          List.of(
              raw(id, 1, Bytes32.ZERO, 0, MemberConduct.MAX_PARTS + 1, Bytes.of(1)),
              raw(id, 1, Bytes32.ZERO, 2, 2, Bytes.of(1)),
              raw(id, 1, Bytes32.ZERO, 0, 1, Bytes.EMPTY),
              raw(id, 4, Bytes32.ZERO, 0, 1, Bytes.of(1)))) {
        assertThatThrownBy(
                () -> send(client, vote(members.get(0), nonces[0], Optional.of(contract), bad)))
            .isInstanceOfSatisfying(
                RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));
      }
      // executed and failed, nobody excluded: a forged envelope (one byte of a value changed, the
      // digest recomputed so the parts hash right), and true evidence naming the wrong member
      Bytes forged = flip(evidence, evidence.size() - 80);
      JsonNode forgedReceipt = postAll(client, members.get(0), nonces, 0, contract, id, 1, forged);
      assertThat(forgedReceipt.get("failureReason").asText())
          .startsWith("evidence: does not verify");
      JsonNode misnamed = postAll(client, members.get(2), nonces, 2, contract, id, 3, evidence);
      assertThat(misnamed.get("failureReason").asText())
          .isEqualTo("evidence: it accuses member 1, not 3");
      assertThat(excluded(client, contract, 1).isNull()).isTrue();
      assertThat(record(client, id).get("blames")).isEmpty();

      // the true evidence, its parts sent out of order, excludes member 1
      List<MemberConduct.EvidencePart> parts = MemberConduct.split(id, 0, 1, evidence, 150);
      assertThat(parts).hasSizeGreaterThan(2);
      List<MemberConduct.EvidencePart> shuffled = new ArrayList<>(parts);
      Collections.reverse(shuffled);
      JsonNode last = null;
      for (MemberConduct.EvidencePart p : shuffled) {
        last = send(client, vote(members.get(3), nonces[3]++, Optional.of(contract), p.encode()));
        assertThat(last.get("status").asText()).isEqualTo("0x1");
      }
      Bytes32 digest = Hashing.keccak256(evidence);
      assertThat(last.get("events").toString())
          .contains(MemberConduct.BLAMED.toHexString().substring(2));
      JsonNode exclusion = excluded(client, contract, 1);
      assertThat(exclusion.get("evidence").asText()).isEqualTo(digest.toHexString());
      assertThat(exclusion.get("computation").asText()).isEqualTo(id.toHexString());
      assertThat(record(client, id).get("blames").get(0).get("accused").asText()).isEqualTo("0x1");

      // anyone outside the chain verifies what the chain recorded with the public keys alone
      JsonNode recorded = client.call("zk_getEvidence", digest.toHexString());
      assertThat(recorded.get("reporter").asText()).isEqualTo("0x3");
      Bytes served = Bytes.fromHexString(recorded.get("evidence").asText());
      assertThat(served).isEqualTo(evidence);
      Blame decoded = Blames.decode(served.toArrayUnsafe());
      assertThat(decoded.accused()).isEqualTo(1);
      assertThat(KingBlameVerifier.of(committee).verify(decoded).valid()).isTrue();
      assertThatThrownBy(() -> client.call("zk_getEvidence", Bytes32.ZERO.toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4072));

      // the same evidence again: the member is already excluded, nothing is stored
      JsonNode again = postAll(client, members.get(0), nonces, 0, contract, id, 1, evidence);
      assertThat(again.get("failureReason").asText())
          .isEqualTo("evidence: member 1 is already excluded");

      // no computation starts while member 1 is excluded: the call fails whole
      SignedTransaction refused = settleAgain(client, alice, contract);
      assertThat(Receipts.await(client, refused).get("failureReason").asText())
          .startsWith("the committee cannot compute: member 1 is excluded since block");
      assertThatThrownBy(
              () ->
                  client.call(
                      "zk_getComputation", ConfidentialFlow.computationId(refused).toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4071));

      // a rejoin: only to the registry, only by an excluded member; then computations start again
      Bytes rejoin = new MemberConduct.Rejoin().encode();
      assertThatThrownBy(
              () -> send(client, vote(members.get(1), nonces[1], Optional.of(contract), rejoin)))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));
      JsonNode notExcluded =
          send(
              client,
              vote(members.get(2), nonces[2]++, Optional.of(ComputationRegistry.REGISTRY), rejoin));
      assertThat(notExcluded.get("failureReason").asText())
          .isEqualTo("member conduct: member 2 is not excluded");
      JsonNode rejoined =
          send(
              client,
              vote(members.get(1), nonces[1]++, Optional.of(ComputationRegistry.REGISTRY), rejoin));
      assertThat(rejoined.get("events").toString())
          .contains(MemberConduct.REJOINED.toHexString().substring(2));
      assertThat(excluded(client, contract, 1).isNull()).isTrue();
      SignedTransaction resumed = settleAgain(client, alice, contract);
      assertThat(Receipts.await(client, resumed).get("status").asText()).isEqualTo("0x1");
      assertThat(
              client
                  .call("zk_getComputation", ConfidentialFlow.computationId(resumed).toHexString())
                  .get("status")
                  .asText())
          .isEqualTo("queued");

      // after the rejoin, the same offence cannot exclude again: another encoding of it (a third
      // signed envelope of the same session) verifies but is refused; an offence in another
      // session is new evidence and excludes
      Bytes sameSession =
          Bytes.wrap(Blames.encode(equivocation(members.get(1), 1, "a session", 10)));
      assertThat(Hashing.keccak256(sameSession)).isNotEqualTo(digest);
      JsonNode replayed = postAll(client, members.get(0), nonces, 0, contract, id, 1, sameSession);
      assertThat(replayed.get("failureReason").asText())
          .startsWith("evidence: member 1 was already blamed for session")
          .contains(digest.toHexString());
      assertThat(excluded(client, contract, 1).isNull()).isTrue();
      Bytes otherSession =
          Bytes.wrap(Blames.encode(equivocation(members.get(1), 1, "another session", 9)));
      JsonNode second = postAll(client, members.get(2), nonces, 2, contract, id, 1, otherSession);
      assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("0x1");
      assertThat(excluded(client, contract, 1).get("evidence").asText())
          .isEqualTo(Hashing.keccak256(otherSession).toHexString());
    }
  }

  /** Two KING_SHARES envelopes for one slot, different values, both signed by {@code member}. */
  static Blame equivocation(KeyPair member, int index) {
    return equivocation(member, index, "a session", 9);
  }

  static Blame equivocation(KeyPair member, int index, String label, long other) {
    Bytes32 session = Hashing.keccak256(Bytes.wrap(label.getBytes()));
    byte[] chunk = io.parley.zk.king.KingData.shares(0, 1);
    Signer signer = Signer.with(member.privateKey());
    Envelope first =
        signer.sign(
            new Envelope(
                session,
                3,
                index,
                0,
                Kind.KING_SHARES,
                new FieldElement[] {FieldElement.of(7), FieldElement.of(8)},
                chunk,
                Optional.empty()));
    Envelope second =
        signer.sign(
            new Envelope(
                session,
                3,
                index,
                0,
                Kind.KING_SHARES,
                new FieldElement[] {FieldElement.of(7), FieldElement.of(other)},
                chunk,
                Optional.empty()));
    return new Blame.Equivocation(index, first, second);
  }

  private static Bytes flip(Bytes b, int at) {
    byte[] copy = b.toArray();
    copy[at] ^= 1;
    return Bytes.wrap(copy);
  }

  /** Posts {@code evidence} against {@code accused} in 150-byte parts; the last part's receipt. */
  private static JsonNode postAll(
      RpcClient client,
      KeyPair member,
      long[] nonces,
      int j,
      Address contract,
      Bytes32 id,
      int accused,
      Bytes evidence)
      throws Exception {
    JsonNode last = null;
    for (MemberConduct.EvidencePart p : MemberConduct.split(id, 0, accused, evidence, 150)) {
      last = send(client, vote(member, nonces[j]++, Optional.of(contract), p.encode()));
    }
    return last;
  }

  private static Bytes part(Bytes32 id, int accused, Bytes evidence) {
    return MemberConduct.split(id, 0, accused, evidence, 65_536).get(0).encode();
  }

  private static Bytes raw(Bytes32 id, int accused, Bytes32 digest, int part, int parts, Bytes b) {
    return RLP.encodeList(
        w -> {
          w.writeLong(4);
          w.writeValue(id);
          w.writeLong(0);
          w.writeLong(accused);
          w.writeValue(digest);
          w.writeLong(part);
          w.writeLong(parts);
          w.writeValue(b);
        });
  }

  private static SignedTransaction vote(
      KeyPair sender, long nonce, Optional<Address> to, Bytes payload) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            TransactionKind.COMPUTATION_VOTE,
            UInt256.ZERO,
            2_000_000,
            to,
            UInt256.ZERO,
            payload)
        .sign(sender);
  }

  /** Alice's {@code settle} (it starts a computation), sent without waiting for its receipt. */
  private static SignedTransaction settleAgain(RpcClient client, KeyPair alice, Address contract)
      throws Exception {
    SignedTransaction tx =
        new Transaction(
                TestNetwork.CHAIN_ID,
                nonce(client, alice),
                TransactionKind.CALL,
                UInt256.ONE,
                1_000_000,
                Optional.of(contract),
                UInt256.ZERO,
                io.parley.contracts.abi.Payloads.call("settle", Bytes.fromHexString("0xc0")))
            .sign(alice);
    client.call("tx_send", tx.encoded().toHexString());
    return tx;
  }

  private static long nonce(RpcClient client, KeyPair a) throws RpcClientException {
    return Long.decode(
        client.call("state_getAccount", a.address().toHexString()).get("pendingNonce").asText());
  }

  private static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }

  private static JsonNode record(RpcClient client, Bytes32 id) throws RpcClientException {
    return client.call("zk_getComputation", id.toHexString());
  }

  private static JsonNode excluded(RpcClient client, Address contract, int j)
      throws RpcClientException {
    return client
        .call("zk_getCommittee", contract.toHexString())
        .get("members")
        .get(j)
        .get("excluded");
  }
}
