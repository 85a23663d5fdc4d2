package io.parley.sdk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.Hashing;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** When the SDK deploys in parts, and the drafts it sends (docs/spec/deploy-in-parts.md). */
class DeployInPartsTest {
  private static final int MAX = 128 * 1024;
  private static final Address ANY = Address.fromHex("0x00000000000000000000000000000000000000b0");

  @Test
  void aPayloadLongerThanAPartGoesInPartsOfConsecutiveSlices() {
    Bytes small = Bytes.wrap(new byte[DeployParts.maxPartBytes(MAX)]);
    assertThat(DeployInParts.needsParts(small, MAX)).isFalse();
    assertThat(DeployInParts.needsParts(Bytes.concatenate(small, Bytes.of(1)), MAX)).isTrue();
    assertThat(DeployInParts.needsParts(Bytes.wrap(new byte[5_000]), 1_024)).isFalse();

    Bytes bundle = Bytes.random(300_000);
    List<DeployParts.Part> parts = DeployParts.split(bundle, MAX);
    assertThat(parts).extracting(p -> p.bytes().size()).containsExactly(130_048, 130_048, 39_904);
    assertThat(parts).allMatch(p -> p.codeHash().equals(Hashing.keccak256(bundle)));
    assertThat(Bytes.concatenate(parts.stream().map(DeployParts.Part::bytes).toArray(Bytes[]::new)))
        .isEqualTo(bundle);

    TransactionTemplate upload = Transactions.uploadPart(parts.get(1));
    assertThat(upload.kind()).isEqualTo(TransactionKind.CALL);
    assertThat(upload.to()).contains(DeployParts.CODE_STORE);
    assertThat(DeployParts.Part.decode(upload.payload().build(1, ANY, 0), MAX))
        .isEqualTo(parts.get(1));

    Bytes init = Bytes.fromHexString("0xc107");
    TransactionTemplate deploy = Transactions.deployByReference(Hashing.keccak256(bundle), init);
    Payloads.Deploy decoded = Payloads.decodeDeploy(deploy.payload().build(1, ANY, 0));
    assertThat(DeployParts.isReference(decoded)).isTrue();
    assertThat(Bytes32.wrap(decoded.bundle())).isEqualTo(Hashing.keccak256(bundle));
    assertThat(decoded.arguments()).isEqualTo(init);
  }

  @Test
  void aBundleBeyondTheLimitsIsRefusedWithTheFigures() {
    assertThatThrownBy(() -> DeployParts.split(Bytes.wrap(new byte[(16 << 20) + 1]), MAX))
        .hasMessage(
            "the bundle has 16777217 bytes, more than the 16777216 a deploy in parts takes");
    assertThatThrownBy(() -> DeployParts.split(Bytes.wrap(new byte[129 * 2_000]), 3_024))
        .hasMessage(
            "the bundle of 258000 bytes needs 129 parts of at most 2000 bytes; the limit is 128"
                + " parts");
    assertThatThrownBy(() -> DeployParts.split(Bytes.of(1), 1_024))
        .hasMessageContaining("maxTransactionSize 1024 leaves no room for a part");
  }
}
