package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.InputDisclosures;
import io.parley.node.execution.MemberConduct;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.computation.SessionIds;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.inputs.Disclosure;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import io.parley.zk.inputs.RandomBytes;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.sharing.Shamir;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disclosures on the chain (secret-inputs.md section 6.1, kind 4 form 11) on a Shamir committee of
 * four, with the members' signed openings of the arrival check built here as the engine builds
 * them: a located member dealt an inconsistent share shows the sender's fault (the input is
 * rejected with reason 7, nobody excluded); an honest member that was not located, a plaintext that
 * does not open c_j and a copied disclosure prove nothing and change nothing; a member that lied in
 * the check and discloses is excluded and the check retried; and the "Located holders" report rule
 * excludes a located member whose own report agrees with the others' without a disclosure.
 */
class InputDisclosureTest {
  @TempDir Path dir;

  private static final BigInteger P = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

  @Test
  void disclosuresAttributeTheChecksFailureToTheSenderOrTheMember() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    List<KeyPair> members = members(network);
    long[] nonces = new long[4];
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      KeyPair owner = network.accounts().get(0);
      Address contract = deploySum(client, owner);
      CommitteeView view = CommitteeView.fetch(client, contract);
      assertThat(view.protocol()).isEqualTo("shamir-king");
      InputCommittee committee = view.committee();

      // 1. the sender deals member 2 a share off the polynomial
      List<byte[]> plains = deal(committee, 55);
      plains.set(2, withShare(plains.get(2), 0, BigInteger.ONE));
      SignedTransaction bad =
          DevnetWallet.sealedPlains(
              network.accounts().get(1), 0, contract, "amounts", committee, plains);
      assertThat(AbortReportTest.send(client, bad).get("status").asText()).isEqualTo("0x1");
      Bytes32 check = ComputationRegistry.validityId(bad.hash());
      List<Envelope> openings = openings(check, 0, members, plains, -1);

      // an honest member that the check did not locate proves nothing, and changes nothing
      JsonNode notLocated =
          send(
              client,
              members,
              nonces,
              0,
              contract,
              disclosure(check, 0, bad, plains.get(0), openings));
      assertThat(notLocated.get("failureReason").asText()).contains("do not locate member 0");
      // a plaintext that does not open c_j
      byte[] other = withShare(plains.get(2), 0, BigInteger.TWO);
      JsonNode wrongPlain =
          send(client, members, nonces, 2, contract, disclosure(check, 0, bad, other, openings));
      assertThat(wrongPlain.get("failureReason").asText()).contains("does not open member 2's c_j");
      // member 2's disclosure copied by member 3: it is not member 3's plaintext
      JsonNode copied =
          send(
              client,
              members,
              nonces,
              3,
              contract,
              disclosure(check, 0, bad, plains.get(2), openings));
      assertThat(copied.get("failureReason").asText()).contains("does not open member 3's c_j");
      assertThat(record(client, check).get("status").asText()).isEqualTo("queued");

      JsonNode shown =
          send(
              client,
              members,
              nonces,
              2,
              contract,
              disclosure(check, 0, bad, plains.get(2), openings));
      assertThat(shown.get("status").asText()).isEqualTo("0x1");
      assertThat(rejectionReason(shown)).isEqualTo(7);
      assertThat(shown.get("events").toString()).doesNotContain(MemberConduct.BLAMED.toHexString());
      JsonNode failed = record(client, check);
      assertThat(failed.get("status").asText()).isEqualTo("failed");
      for (JsonNode m : client.call("zk_getCommittee", contract.toHexString()).get("members")) {
        assertThat(m.get("excluded").isNull()).as("%s", m).isTrue();
      }

      // 2. an honest dealing, member 3 lies in the check (its w is off by one) and discloses
      List<byte[]> fair = deal(committee, 66);
      SignedTransaction good =
          DevnetWallet.sealedPlains(
              network.accounts().get(0), 1, contract, "amounts", committee, fair);
      assertThat(AbortReportTest.send(client, good).get("status").asText()).isEqualTo("0x1");
      Bytes32 check2 = ComputationRegistry.validityId(good.hash());
      List<Envelope> lie = openings(check2, 0, members, fair, 3);
      // the honest members are never located: none of them can be made to disclose
      JsonNode framed =
          send(client, members, nonces, 1, contract, disclosure(check2, 0, good, fair.get(1), lie));
      assertThat(framed.get("failureReason").asText()).contains("do not locate member 1");
      JsonNode own =
          send(client, members, nonces, 3, contract, disclosure(check2, 0, good, fair.get(3), lie));
      assertThat(own.get("events").toString())
          .contains(MemberConduct.BLAMED.toHexString())
          .contains(ComputationRegistry.RETRIED.toHexString());
      assertThat(record(client, check2).get("attempt").asText()).isEqualTo("0x1");
      assertThat(
              client
                  .call("zk_getCommittee", contract.toHexString())
                  .get("members")
                  .get(3)
                  .get("excluded")
                  .isNull())
          .isFalse();

      // its operator rejoins it, so that the committee computes again
      JsonNode rejoined =
          AbortReportTest.send(
              client,
              AbortReportTest.report(
                  members.get(3),
                  nonces[3]++,
                  ComputationRegistry.REGISTRY,
                  new MemberConduct.Rejoin().encode()));
      assertThat(rejoined.get("status").asText()).isEqualTo("0x1");

      // 3. (the first sender again: its rejected input freed its place) the report rule: members 0
      // and 1 locate member 2, which reports the same view and did
      // not disclose (an honest member dealt a bad share would have): excluded, the check retried
      List<byte[]> third = deal(committee, 77);
      SignedTransaction input3 =
          DevnetWallet.sealedPlains(
              network.accounts().get(1), 1, contract, "amounts", committee, third);
      JsonNode stored3 = AbortReportTest.send(client, input3);
      assertThat(stored3.get("status").asText()).as("%s", stored3).isEqualTo("0x1");
      Bytes32 check3 = ComputationRegistry.validityId(input3.hash());
      JsonNode r0 = send(client, members, nonces, 0, contract, report(check3, 1L << 2));
      JsonNode r1 = send(client, members, nonces, 1, contract, report(check3, 1L << 2));
      assertThat(r0.get("events")).isEmpty();
      assertThat(r1.get("events")).isEmpty(); // waiting: member 2 has not reported
      JsonNode r2 = send(client, members, nonces, 2, contract, report(check3, 0));
      assertThat(r2.get("events").toString())
          .contains(MemberConduct.BLAMED.toHexString())
          .contains(ComputationRegistry.RETRIED.toHexString());
    }
  }

  /**
   * An off-chain input of two elements whose second element's sharing is inconsistent at member 1:
   * once every member acknowledged it, member 1 discloses its whole plaintext (it opens c_1) for
   * element 1's check, and only that element is rejected with reason 7.
   */
  @Test
  void anOffChainElementsDisclosureRejectsThatElementOnly() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    List<KeyPair> members = members(network);
    long[] nonces = new long[4];
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      KeyPair owner = network.accounts().get(0);
      Address contract = deploySum(client, owner);
      InputCommittee committee = CommitteeView.fetch(client, contract).committee();
      KeyPair bank = network.accounts().get(1);
      List<byte[]> plains =
          committee
              .format()
              .dealAll(
                  List.of(BigInteger.valueOf(10), BigInteger.valueOf(20)),
                  1,
                  4,
                  1,
                  RandomBytes.secure());
      // element 1's value share of member 1 (the plaintext holds value, mask, value, mask)
      plains.set(1, withShare(plains.get(1), 2, BigInteger.ONE));
      var sealed =
          io.parley.zk.inputs.Sealer.sealBatchPlains(
              committee,
              new io.parley.zk.inputs.InputContext(
                  TestNetwork.CHAIN_ID,
                  bank.address(),
                  0,
                  contract,
                  "amounts",
                  0,
                  committee.hash()),
              2,
              plains);
      SignedTransaction input =
          new io.parley.base.tx.Transaction(
                  TestNetwork.CHAIN_ID,
                  0,
                  io.parley.base.tx.TransactionKind.SECRET_INPUT,
                  org.apache.tuweni.units.bigints.UInt256.ONE,
                  2_000_000,
                  java.util.Optional.of(contract),
                  org.apache.tuweni.units.bigints.UInt256.ZERO,
                  sealed.batch().encode())
              .sign(bank);
      JsonNode stored = AbortReportTest.send(client, input);
      assertThat(stored.get("status").asText()).as("%s", stored).isEqualTo("0x1");
      for (int j = 0; j < 4; j++) {
        Bytes ack = new io.parley.node.execution.OffChainInputs.Notice(8, input.hash()).encode();
        assertThat(send(client, members, nonces, j, contract, ack).get("status").asText())
            .isEqualTo("0x1");
      }
      Bytes32 check = io.parley.node.execution.OffChainInputs.checkId(input.hash(), 1);
      assertThat(record(client, check).get("status").asText()).isEqualTo("queued");
      List<byte[]> elementOne = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        elementOne.add(PlainFormat.SHAMIR.element(plains.get(j), 2, 1));
      }
      List<Envelope> openings = openings(check, 0, members, elementOne, -1);
      // the element's plaintext alone opens nothing: the whole one does
      Bytes sliced = offChainDisclosure(check, input, 1, elementOne.get(1), openings);
      assertThat(send(client, members, nonces, 1, contract, sliced).get("failureReason").asText())
          .contains("does not open member 1's c_j");
      Bytes wrongElement = offChainDisclosure(check, input, 0, plains.get(1), openings);
      assertThat(
              send(client, members, nonces, 1, contract, wrongElement)
                  .get("failureReason")
                  .asText())
          .contains("is not the arrival check of that element");
      JsonNode shown =
          send(
              client,
              members,
              nonces,
              1,
              contract,
              offChainDisclosure(check, input, 1, plains.get(1), openings));
      assertThat(rejectionReason(shown)).as("%s", shown).isEqualTo(7);
      assertThat(record(client, check).get("status").asText()).isEqualTo("failed");
      Bytes32 other = io.parley.node.execution.OffChainInputs.checkId(input.hash(), 0);
      assertThat(record(client, other).get("status").asText()).isEqualTo("queued");
    }
  }

  /** The members' signing keys, as the devnet's generator wrote them. */
  private static List<KeyPair> members(TestNetwork network) {
    Path keys = network.generated().directory();
    List<KeyPair> members = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
    }
    return members;
  }

  /** SecretSum, whose u64 sum runs on shamir-king. */
  private static Address deploySum(RpcClient client, KeyPair owner) throws Exception {
    return DevnetWallet.deploy(
        client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretSum.par"));
  }

  private static Bytes offChainDisclosure(
      Bytes32 check, SignedTransaction input, int element, byte[] plain, List<Envelope> openings) {
    return new InputDisclosures.Payload(
            check,
            0,
            input.encoded(),
            element,
            Bytes.wrap(plain),
            Bytes.wrap(Disclosure.encode(openings)))
        .encode();
  }

  private static List<byte[]> deal(InputCommittee committee, long value) {
    return committee.format().deal(List.of(BigInteger.valueOf(value)), 4, 1, RandomBytes.secure());
  }

  /** The plaintext with share {@code i} moved by {@code delta} (mod p). */
  private static byte[] withShare(byte[] plain, int i, BigInteger delta) {
    byte[] out = plain.clone();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(out, 3 + 16 * i, 19 + 16 * i));
    byte[] moved = s.add(delta).mod(P).toByteArray();
    byte[] fixed = new byte[16];
    int n = Math.min(16, moved.length);
    System.arraycopy(moved, moved.length - n, fixed, 16 - n, n);
    System.arraycopy(fixed, 0, out, 3 + 16 * i, 16);
    return out;
  }

  /**
   * The 2n signed openings of attempt {@code attempt}'s check as the members' engines make them:
   * rho from a random degree-1 sharing, then each member's w_j from its plaintext; {@code liar}
   * adds one to its w.
   */
  private static List<Envelope> openings(
      Bytes32 check, int attempt, List<KeyPair> members, List<byte[]> plains, int liar) {
    Bytes32 session =
        SessionIds.derive(ComputationRegistry.attemptSession(check, attempt), "input");
    FieldElement[] rho = Shamir.share(FieldElement.of(987_654_321L), 1, 4, new SplittableRandom(3));
    FieldElement rhoValue = FieldElement.of(987_654_321L);
    List<Envelope> out = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      out.add(open(session, 0, j, rho[j], members.get(j)));
    }
    for (int j = 0; j < 4; j++) {
      FieldElement[] dealt =
          ((ShareVector.Field) PlainFormat.SHAMIR.parse(plains.get(j), 2, j)).shares();
      FieldElement w =
          InputCheck.combination(new FieldElement[] {dealt[0]}, dealt[1], rhoValue)
              .add(j == liar ? FieldElement.ONE : FieldElement.ZERO);
      out.add(open(session, 1, j, w, members.get(j)));
    }
    return out;
  }

  private static Envelope open(Bytes32 session, int step, int j, FieldElement v, KeyPair key) {
    return Signer.with(key.privateKey())
        .sign(
            Envelope.unsigned(
                    session, step, j, Envelope.BROADCAST, Kind.OPEN, new FieldElement[] {v})
                .withData(ByteBuffer.allocate(4).putInt(0).array()));
  }

  private static Bytes disclosure(
      Bytes32 check, int attempt, SignedTransaction input, byte[] plain, List<Envelope> openings) {
    return new InputDisclosures.Payload(
            check,
            attempt,
            input.encoded(),
            0,
            Bytes.wrap(plain),
            Bytes.wrap(Disclosure.encode(openings)))
        .encode();
  }

  private static Bytes report(Bytes32 check, long seats) {
    return RLP.encodeList(
        w -> {
          w.writeLong(3);
          w.writeValue(check);
          w.writeLong(0);
          w.writeLong(6);
          if (seats != 0) {
            w.writeLong(seats);
          }
        });
  }

  private static JsonNode send(
      RpcClient client,
      List<KeyPair> members,
      long[] nonces,
      int j,
      Address contract,
      Bytes payload)
      throws RpcClientException {
    return AbortReportTest.send(
        client, AbortReportTest.report(members.get(j), nonces[j]++, contract, payload));
  }

  private static JsonNode record(RpcClient client, Bytes32 id) throws RpcClientException {
    return client.call("zk_getComputation", id.toHexString());
  }

  /** The reason of the receipt's {@code InputRejected}, or -1. */
  private static long rejectionReason(JsonNode receipt) {
    for (JsonNode ev : receipt.get("events")) {
      if (ev.get("topics").get(0).asText().equals(ComputationRegistry.REJECTED.toHexString())) {
        return RLP.decodeList(
            Bytes.fromHexString(ev.get("data").asText()),
            r -> {
              r.readValue();
              r.readLong();
              r.readValue();
              return r.readLong();
            });
      }
    }
    return -1;
  }
}
