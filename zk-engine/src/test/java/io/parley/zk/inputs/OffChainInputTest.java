package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.Hashing;
import io.parley.zk.computation.InputFormat;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Off-chain secret inputs (secret-inputs.md section 9): a batch of elements sealed once, each
 * member's ciphertext named on the chain by its digest, opened and cut into elements by each
 * member, and every way of getting it wrong refused or attributed.
 */
class OffChainInputTest {
  private static final int MAX_CT = 131_072 - 8_192;

  private static List<List<BigInteger>> elements(int count) {
    List<List<BigInteger>> out = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      out.add(InputFixtures.values(1000L + e, e % 2));
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"4, REPLICATED", "4, SHAMIR", "7, SHAMIR"})
  void everyMemberOpensItsCiphertextAndTheElementsReconstruct(int n, PlainFormat format) {
    InputCommittee committee = InputFixtures.committee(n, format);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("bank"), 9);
    List<List<BigInteger>> elements = elements(50);
    SealedBatch.Sealed sealed = Sealer.sealBatch(committee, context, elements);
    SealedBatch batch = SealedBatch.decode(sealed.batch().encode(), 131_072);
    assertThat(batch).isEqualTo(sealed.batch());
    assertThat(SealedBatch.version(batch.encode())).isEqualTo(3);
    batch.checkShape(n, 2, format, MAX_CT);
    assertThat(batch.provesKnowledge(context)).isTrue();
    InputFormat engine =
        format == PlainFormat.REPLICATED
            ? Protocols.REP4.inputFormat()
            : Protocols.SHAMIR_KING.inputFormat();
    List<List<ShareVector>> byElement = new ArrayList<>();
    for (int e = 0; e < 50; e++) {
      byElement.add(new ArrayList<>());
    }
    for (int j = 0; j < n; j++) {
      Bytes ct = sealed.ciphertexts().get(j);
      assertThat(ct.size()).isEqualTo(batch.ciphertextLength(2, format));
      Opener.Opened opened =
          Opener.open(
              batch.withCiphertext(j, ct),
              committee,
              context,
              j,
              InputFixtures.key("encryption", j),
              50 * format.dealt(2));
      byte[] plain = ((Opener.Shares) opened).plain().toArrayUnsafe();
      int d = format.dealt(2);
      for (int e = 0; e < 50; e++) {
        byElement.get(e).add(format.fields(format.parse(format.element(plain, d, e), d, j), 2));
      }
    }
    for (int e = 0; e < 50; e++) {
      BigInteger[] back = engine.reconstruct(byElement.get(e));
      assertThat(back)
          .as("element " + e)
          .containsExactly(elements.get(e).toArray(BigInteger[]::new));
    }
  }

  @Test
  void aCiphertextThatIsNotTheDigestsIsRefusedAndAGarbledOneIsTheSendersFault() {
    InputCommittee committee = InputFixtures.committee(4, PlainFormat.REPLICATED);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("bank"), 2);
    SealedBatch.Sealed sealed = Sealer.sealBatch(committee, context, elements(3));
    Bytes ct = sealed.ciphertexts().get(2);
    byte[] flipped = ct.toArray();
    flipped[7] ^= 1;
    assertThat(sealed.batch().matches(2, Bytes.wrap(flipped))).isFalse();
    assertThatThrownBy(() -> sealed.batch().withCiphertext(2, Bytes.wrap(flipped)))
        .hasMessageContaining("does not match member 2's digest");
    assertThatThrownBy(() -> sealed.batch().withCiphertext(1, ct))
        .hasMessageContaining("does not match member 1's digest");

    // a wallet that names the garbled ciphertext's digest: member 2 cannot open it and complains
    List<SealedBatch.Digest> digests = new ArrayList<>(sealed.batch().members());
    digests.set(
        2,
        new SealedBatch.Digest(
            digests.get(2).commitment(), Hashing.keccak256(Bytes.wrap(flipped))));
    SealedBatch garbled =
        new SealedBatch(
            "bids",
            3,
            committee.hash(),
            sealed.batch().ephemeral(),
            sealed.batch().proof(),
            digests,
            sealed.batch().components());
    SealedInput asInput = garbled.withCiphertext(2, Bytes.wrap(flipped));
    Opener.Opened opened =
        Opener.open(asInput, committee, context, 2, InputFixtures.key("encryption", 2), 6);
    Complaint complaint = ((Opener.Complained) opened).complaint();
    assertThat(complaint.judge(asInput, committee, context, 6)).isEqualTo(Complaint.Verdict.SENDER);
    // the same complaint about the intact ciphertext: the member lied
    assertThat(complaint.judge(sealed.batch().withCiphertext(2, ct), committee, context, 6))
        .isEqualTo(Complaint.Verdict.MEMBER);
  }

  @Test
  void malformedBatchesAreRefusedWithTheirReason() {
    InputCommittee committee = InputFixtures.committee(4, PlainFormat.REPLICATED);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("bank"), 2);
    SealedBatch good = Sealer.sealBatch(committee, context, elements(2)).batch();
    assertThatThrownBy(() -> SealedBatch.decode(withCount(good, 0), 131_072))
        .hasMessageContaining("1..1024 elements, got 0");
    assertThatThrownBy(() -> SealedBatch.decode(withCount(good, 1025), 131_072))
        .hasMessageContaining("1..1024 elements, got 1025");
    assertThatThrownBy(() -> SealedBatch.decode(good.encode(), 10))
        .hasMessageContaining("longer than 10 bytes");
    assertThatThrownBy(
            () -> SealedBatch.decode(Bytes.concatenate(good.encode(), Bytes.of(0)), 1 << 20))
        .isInstanceOf(SecretInputException.class);
    assertThatThrownBy(() -> good.checkShape(7, 2, PlainFormat.REPLICATED, MAX_CT))
        .hasMessageContaining("expected 7 member digests, got 4");
    SealedBatch big =
        new SealedBatch(
            "bids",
            1024,
            good.committeeHash(),
            good.ephemeral(),
            good.proof(),
            good.members(),
            good.components());
    assertThatThrownBy(() -> big.checkShape(4, 64, PlainFormat.REPLICATED, MAX_CT))
        .hasMessageContaining("send fewer elements");
    assertThatThrownBy(
            () ->
                Sealer.sealBatch(
                    committee,
                    new InputContext(
                        7, context.sender(), 2, context.to(), "bids", 1, committee.hash()),
                    elements(2)))
        .hasMessageContaining("target is 0");
    assertThatThrownBy(
            () ->
                Sealer.sealBatch(
                    committee,
                    context,
                    List.of(InputFixtures.values(1), InputFixtures.values(1, 2))))
        .hasMessageContaining("every element has 1 values");
    // the proof is bound to the context: another nonce does not verify
    assertThat(good.provesKnowledge(InputFixtures.context(committee, context.sender(), 3)))
        .isFalse();
    // the decoder only ever throws its own error
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    byte[] encoded = good.encode().toArray();
    for (int i = 0; i < 2000; i++) {
      byte[] b = encoded.clone();
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      try {
        SealedBatch.decode(Bytes.wrap(b), 1 << 20);
      } catch (SecretInputException expected) {
        // a precise reason
      }
    }
  }

  private static Bytes withCount(SealedBatch b, long count) {
    return RLP.encodeList(
        w -> {
          w.writeLong(3);
          w.writeValue(Bytes.wrap("bids".getBytes()));
          w.writeLong(count);
          w.writeValue(b.committeeHash());
          w.writeValue(b.ephemeral());
          w.writeValue(b.proof());
          w.writeList(
              b.members(),
              (sw, s) ->
                  sw.writeList(
                      pw -> {
                        pw.writeValue(s.commitment());
                        pw.writeValue((Bytes32) s.digest());
                      }));
        });
  }
}
