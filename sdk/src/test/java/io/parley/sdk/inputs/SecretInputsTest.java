package io.parley.sdk.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import io.parley.zk.inputs.SealedInput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class SecretInputsTest {
  private static final Address AUCTION =
      Address.fromHex("0x00000000000000000000000000000000000000a1");
  private static final CommitteeView.Collection BIDS =
      new CommitteeView.Collection("bids", 16, List.of(new CommitteeView.Field("value", "u64")));

  private static CommitteeView view() {
    List<InputCommittee.MemberKeys> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(
          new InputCommittee.MemberKeys(
              KeyPair.random().publicKey(), KeyPair.random().publicKey()));
    }
    return new CommitteeView(
        AUCTION,
        "shamir",
        new InputCommittee(1, PlainFormat.SHAMIR, members),
        List.of(
            BIDS,
            new CommitteeView.Collection(
                "ballots",
                8,
                List.of(
                    new CommitteeView.Field("choice", "i8"),
                    new CommitteeView.Field("secret", "bool")))));
  }

  @Test
  void aDraftSealsForTheCommitteeSenderAndNonce() {
    CommitteeView view = view();
    KeyPair bidder = KeyPair.random();
    TransactionTemplate draft =
        SecretInputs.draft(view, "bids", 0, List.of(BigInteger.valueOf(52_000)));
    SignedTransaction tx =
        draft.withChainId(1337).withNonce(5).withGasPrice(UInt256.ONE).sign(bidder);

    assertThat(tx.transaction().kind()).isEqualTo(TransactionKind.SECRET_INPUT);
    assertThat(tx.transaction().to()).contains(AUCTION);
    assertThat(tx.transaction().value()).isEqualTo(UInt256.ZERO);
    assertThat(tx.transaction().gasLimit()).isEqualTo(SecretInputs.DEFAULT_GAS_LIMIT);
    SealedInput sealed =
        SealedInput.decode(tx.transaction().payload(), 4, 1, PlainFormat.SHAMIR, 1 << 20);
    assertThat(sealed.collection()).isEqualTo("bids");
    assertThat(sealed.target()).isZero();
    assertThat(sealed.committeeHash()).isEqualTo(view.committee().hash());
    assertThat(sealed.shares()).hasSize(4);
  }

  @Test
  void valuesAreCheckedByFieldTypeWithoutShowingThem() throws Exception {
    CommitteeView view = view();
    CommitteeView.Collection ballots = SecretInputs.collectionOf(view, "ballots");
    ObjectMapper json = new ObjectMapper();
    assertThat(SecretInputs.fromJson(ballots, json.readTree("[-128, true]")))
        .containsExactly(BigInteger.valueOf(-128), BigInteger.ONE);
    assertThatThrownBy(() -> SecretInputs.fromJson(ballots, json.readTree("[128, true]")))
        .hasMessage("field 'choice' is outside i8 (value not shown)");
    assertThatThrownBy(() -> SecretInputs.fromJson(ballots, json.readTree("[1, 1]")))
        .hasMessage("field 'secret' is a bool");
    assertThatThrownBy(() -> SecretInputs.fromJson(ballots, json.readTree("[1]")))
        .hasMessageStartingWith("expected a JSON array of 2 value(s)");
    assertThatThrownBy(
            () -> SecretInputs.draft(view, "bids", 0, List.of(BigInteger.ONE.shiftLeft(64))))
        .hasMessage("field 'value' is outside u64 (value not shown)");
    assertThatThrownBy(() -> SecretInputs.draft(view, "bids", 17, List.of(BigInteger.ONE)))
        .hasMessageContaining("up to 16");
    assertThatThrownBy(() -> SecretInputs.collectionOf(view, "votes"))
        .hasMessageStartingWith("the contract has no collection 'votes'")
        .hasMessageContaining("[bids, ballots]");
  }
}
