package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.types.Address;
import io.parley.zk.computation.InputFormat;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sealing and opening secret inputs (docs/spec/secret-inputs.md): every member opens its share, the
 * shares reconstruct the values in the engine's format, and each tampering is caught.
 */
class SecretInputTest {
  static Stream<Arguments> committees() {
    return Stream.of(
        Arguments.of(4, PlainFormat.REPLICATED),
        Arguments.of(4, PlainFormat.SHAMIR),
        Arguments.of(7, PlainFormat.SHAMIR),
        Arguments.of(10, PlainFormat.SHAMIR));
  }

  private static InputFormat engineFormat(PlainFormat format) {
    return format == PlainFormat.REPLICATED
        ? Protocols.REP4.inputFormat()
        : Protocols.SHAMIR_KING.inputFormat();
  }

  @ParameterizedTest
  @MethodSource("committees")
  void everyMemberOpensItsShareAndTheSharesReconstructTheValues(int n, PlainFormat format) {
    InputCommittee committee = InputFixtures.committee(n, format);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 3);
    List<BigInteger> values = InputFixtures.values(0, 1, 4_294_967_295L, -17, Long.MAX_VALUE);
    SealedInput sealed = Sealer.seal(committee, context, values);
    SealedInput decoded = SealedInput.decode(sealed.encode(), n, values.size(), format, 131_072);
    assertThat(decoded).isEqualTo(sealed);
    List<ShareVector> shares = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      Opener.Opened opened =
          Opener.open(
              decoded,
              committee,
              context,
              j,
              InputFixtures.key("encryption", j),
              format.dealt(values.size()));
      assertThat(opened).isInstanceOf(Opener.Shares.class);
      shares.add(format.fields(((Opener.Shares) opened).shares(), values.size()));
    }
    BigInteger[] back = engineFormat(format).reconstruct(shares);
    for (int i = 0; i < values.size(); i++) {
      BigInteger expected =
          format == PlainFormat.REPLICATED
              ? BigInteger.valueOf(values.get(i).longValue())
              : values.get(i);
      assertThat(back[i]).as("value " + i).isEqualTo(expected);
    }
  }

  @Test
  void aTamperedCiphertextIsTheSendersFaultAndAFalseComplaintTheMembers() {
    InputCommittee committee = InputFixtures.committee(7, PlainFormat.SHAMIR);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 1);
    SealedInput sealed = Sealer.seal(committee, context, InputFixtures.values(42));
    // the sender garbles member 3's ciphertext
    List<SealedInput.Share> shares = new ArrayList<>(sealed.shares());
    Bytes ct = shares.get(3).ciphertext();
    byte[] flipped = ct.toArray();
    flipped[5] ^= 1;
    shares.set(3, new SealedInput.Share(shares.get(3).commitment(), Bytes.wrap(flipped)));
    SealedInput garbled =
        new SealedInput(
            sealed.collection(),
            sealed.target(),
            sealed.committeeHash(),
            sealed.ephemeral(),
            sealed.proof(),
            shares,
            sealed.components());
    Opener.Opened opened =
        Opener.open(garbled, committee, context, 3, InputFixtures.key("encryption", 3), 2);
    Complaint complaint = ((Opener.Complained) opened).complaint();
    assertThat(complaint.judge(garbled, committee, context, 2)).isEqualTo(Complaint.Verdict.SENDER);
    // the same complaint against the intact input: the member lied
    assertThat(complaint.judge(sealed, committee, context, 2)).isEqualTo(Complaint.Verdict.MEMBER);
    // a complaint whose proof is altered is void
    Complaint forged =
        new Complaint(3, complaint.shared(), complaint.c(), complaint.z().add(BigInteger.ONE));
    assertThat(forged.judge(garbled, committee, context, 2))
        .isEqualTo(Complaint.Verdict.INVALID_COMPLAINT);
    assertThat(Complaint.decode(3, complaint.encode())).isEqualTo(complaint);
  }

  @Test
  void aCommitmentThatDoesNotMatchIsTheSendersFault() {
    InputCommittee committee = InputFixtures.committee(4, PlainFormat.REPLICATED);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 1);
    SealedInput sealed = Sealer.seal(committee, context, InputFixtures.values(42));
    List<SealedInput.Share> shares = new ArrayList<>(sealed.shares());
    shares.set(0, new SealedInput.Share(shares.get(1).commitment(), shares.get(0).ciphertext()));
    SealedInput wrong =
        new SealedInput(
            sealed.collection(),
            sealed.target(),
            sealed.committeeHash(),
            sealed.ephemeral(),
            sealed.proof(),
            shares,
            sealed.components());
    Complaint complaint =
        ((Opener.Complained)
                Opener.open(wrong, committee, context, 0, InputFixtures.key("encryption", 0), 1))
            .complaint();
    assertThat(complaint.judge(wrong, committee, context, 1)).isEqualTo(Complaint.Verdict.SENDER);
  }

  /**
   * secret-inputs.md section 3, item 4b: the sender deals member 2 another component x_0 than
   * members 1 and 3 hold. D_0 binds one of them, so member 2 cannot open its input and complains,
   * and the complaint shows the sender at fault; the other members open theirs, and no member's
   * plaintext but the complaining one's is ever revealed.
   */
  @Test
  void anInconsistentRep4DealingIsTheSendersFaultShownByAComplaint() {
    InputCommittee committee = InputFixtures.committee(4, PlainFormat.REPLICATED);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 1);
    List<byte[]> plains =
        PlainFormat.REPLICATED.deal(InputFixtures.values(42, 7), 4, 1, RandomBytes.secure());
    plains.get(2)[3] ^= 1; // member 2's copy of x_{1,0} (component 0 comes first in its plaintext)
    SealedInput sealed = Sealer.sealPlains(committee, context, plains);
    for (int j : new int[] {0, 1, 3}) {
      assertThat(Opener.open(sealed, committee, context, j, InputFixtures.key("encryption", j), 2))
          .as("member %d", j)
          .isInstanceOf(Opener.Shares.class);
    }
    Opener.Opened opened =
        Opener.open(sealed, committee, context, 2, InputFixtures.key("encryption", 2), 2);
    Complaint complaint = ((Opener.Complained) opened).complaint();
    assertThat(complaint.judge(sealed, committee, context, 2)).isEqualTo(Complaint.Verdict.SENDER);
    // the same complaint shape from member 1, whose components are the committed ones, is false
    Complaint falseOne =
        Complaint.prove(
            1,
            new BigInteger(1, InputFixtures.key("encryption", 1).bytes().toArrayUnsafe()),
            Curve.point(committee.members().get(1).encryption().bytes(), "Q"),
            sealed.ephemeral(),
            context.hash(sealed.ephemeral()));
    assertThat(falseOne.judge(sealed, committee, context, 2)).isEqualTo(Complaint.Verdict.MEMBER);
    // a wrong commitment D_3 makes every holder of x_3 (members 0, 1, 2) unable to open
    List<org.apache.tuweni.bytes.Bytes32> components = new ArrayList<>(sealed.components());
    components.set(3, components.get(2));
    SealedInput wrongD = withComponents(sealed, components);
    assertThat(Opener.open(wrongD, committee, context, 3, InputFixtures.key("encryption", 3), 2))
        .isInstanceOf(Opener.Shares.class);
    assertThat(Opener.open(wrongD, committee, context, 0, InputFixtures.key("encryption", 0), 2))
        .isInstanceOf(Opener.Complained.class);
  }

  @Test
  void componentCommitmentsComeExactlyWithRep4() {
    InputCommittee rep4 = InputFixtures.committee(4, PlainFormat.REPLICATED);
    InputCommittee shamir = InputFixtures.committee(4, PlainFormat.SHAMIR);
    SealedInput withD =
        Sealer.seal(
            rep4,
            InputFixtures.context(rep4, InputFixtures.address("ann"), 1),
            InputFixtures.values(1));
    SealedInput withoutD =
        Sealer.seal(
            shamir,
            InputFixtures.context(shamir, InputFixtures.address("ann"), 1),
            InputFixtures.values(1));
    assertThat(withD.components()).hasSize(4);
    assertThat(withoutD.components()).isEmpty();
    SealedInput stripped = withComponents(withD, List.of());
    assertThatThrownBy(
            () -> SealedInput.decode(stripped.encode(), 4, 1, PlainFormat.REPLICATED, 131_072))
        .hasMessage("a replicated-z2^64/1 input carries 4 component commitments, got 0");
    SealedInput three = withComponents(withD, withD.components().subList(0, 3));
    assertThatThrownBy(() -> SealedInput.decode(three.encode(), 131_072))
        .hasMessage("rep4 takes 4 component commitments, got 3");
    SealedInput shamirWithD = withComponents(withoutD, withD.components());
    assertThatThrownBy(
            () -> SealedInput.decode(shamirWithD.encode(), 4, 1, PlainFormat.SHAMIR, 131_072))
        .hasMessage("a shamir-gf127/1 input carries 0 component commitments, got 4");
  }

  @Test
  void aShamirElementCarriesItsCheckMaskAsOneMoreDegreeTSharing() {
    int n = 7;
    List<byte[]> plains =
        PlainFormat.SHAMIR.deal(InputFixtures.values(5, 6), n, 2, RandomBytes.secure());
    io.parley.zk.field.FieldElement[] masks = new io.parley.zk.field.FieldElement[n];
    for (int j = 0; j < n; j++) {
      assertThat(plains.get(j)).hasSize(3 + 16 * 3 + 32);
      assertThat(plains.get(j)[0]).isEqualTo((byte) 0x04);
      ShareVector dealt = PlainFormat.SHAMIR.parse(plains.get(j), 3, j);
      assertThat(PlainFormat.SHAMIR.fields(dealt, 2).length()).isEqualTo(2);
      masks[j] = ((ShareVector.Field) PlainFormat.SHAMIR.mask(dealt, 2).orElseThrow()).shares()[0];
    }
    assertThat(new io.parley.zk.sharing.ReedSolomon(n, 2).isCodeword(masks)).isTrue();
    assertThat(PlainFormat.REPLICATED.dealt(2)).isEqualTo(2);
    // the layout without the mask (tag 0x01) is refused: a member complains, the sender's fault
    byte[] old = plains.get(0).clone();
    old[0] = 0x01;
    assertThatThrownBy(() -> PlainFormat.SHAMIR.parse(old, 3, 0))
        .hasMessageContaining("not in format");
  }

  @Test
  void malformedPayloadsAreRefusedWithTheirReason() {
    InputCommittee committee = InputFixtures.committee(4, PlainFormat.SHAMIR);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 1);
    Bytes good = Sealer.seal(committee, context, InputFixtures.values(1, 2)).encode();
    assertThatThrownBy(() -> SealedInput.decode(good, 7, 2, PlainFormat.SHAMIR, 131_072))
        .hasMessage("expected 7 member shares, got 4");
    assertThatThrownBy(() -> SealedInput.decode(good, 4, 3, PlainFormat.SHAMIR, 131_072))
        .hasMessage("ciphertext of member 0 is not 115 bytes"); // 3 values and the mask
    assertThatThrownBy(() -> SealedInput.decode(good, 4, 2, PlainFormat.SHAMIR, 100))
        .hasMessage("payload is longer than 100 bytes");
    assertThatThrownBy(
            () ->
                SealedInput.decode(
                    Bytes.concatenate(good, Bytes.of(0)), 4, 2, PlainFormat.SHAMIR, 131_072))
        .isInstanceOf(SecretInputException.class);
    assertThatThrownBy(() -> SealedInput.decode(Bytes.of(1, 2, 3), 4, 2, PlainFormat.SHAMIR, 99))
        .isInstanceOf(SecretInputException.class);
    assertThatThrownBy(
            () ->
                new InputContext(7, Address.ZERO, 0, Address.ZERO, "bad name", 0, committee.hash()))
        .hasMessageContaining("collection name must be");
    assertThatThrownBy(() -> Sealer.seal(committee, context, InputFixtures.values()))
        .hasMessage("an input has 1..64 values, got 0");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(PlainFormat.class)
  void theDecoderNeverThrowsAnythingButItsOwnErrorOnRandomBytes(PlainFormat format) {
    InputCommittee committee = InputFixtures.committee(4, format);
    InputContext context = InputFixtures.context(committee, InputFixtures.address("ann"), 1);
    byte[] good = Sealer.seal(committee, context, InputFixtures.values(1)).encode().toArray();
    SplittableRandom random = new SplittableRandom(11);
    int accepted = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] fuzzed = good.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        fuzzed[random.nextInt(fuzzed.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(10) == 0) {
        fuzzed = java.util.Arrays.copyOf(fuzzed, random.nextInt(fuzzed.length + 10));
      }
      try {
        SealedInput.decode(Bytes.wrap(fuzzed), 4, 1, format, 131_072);
        accepted++;
      } catch (SecretInputException expected) {
        // the decoder's own, precise error
      }
    }
    assertThat(accepted).isLessThan(5_000);
  }

  /** {@code input} with other component commitments (what a wallet cannot change unnoticed). */
  private static SealedInput withComponents(
      SealedInput input, List<org.apache.tuweni.bytes.Bytes32> components) {
    return new SealedInput(
        input.collection(),
        input.target(),
        input.committeeHash(),
        input.ephemeral(),
        input.proof(),
        input.shares(),
        components);
  }
}
