package io.parley.sdk.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Blocks as a node serves them, with certificates signed by a quorum, a minority, or a forger. */
class ChainVerifierTest {
  private static final long CHAIN_ID = 1337;
  private final List<KeyPair> keys =
      List.of(KeyPair.random(), KeyPair.random(), KeyPair.random(), KeyPair.random());
  private final ValidatorSet validators =
      new ValidatorSet(keys.stream().map(k -> Validator.of(k.publicKey())).toList());
  private final BlockHeader header =
      new BlockHeader(
          7,
          Bytes32.random(),
          1_700_000_000_000L,
          keys.get(0).address(),
          Bytes32.random(),
          Bytes32.random(),
          Bytes32.random(),
          21_000,
          Bytes.fromHexString("0x01"));

  @Test
  void aQuorumCertificateVerifiesAndGivesTheStateRoot() throws Exception {
    VerifiedBlock block = ChainVerifier.block(served(header.hash(), 3), CHAIN_ID, validators);
    assertThat(block.hash()).isEqualTo(header.hash());
    assertThat(block.stateRoot()).isEqualTo(header.stateRoot());
    assertThat(block.number()).isEqualTo(7);
  }

  @Test
  void aMinorityCertificateIsRefusedWithTheCount() {
    assertThatThrownBy(() -> ChainVerifier.block(served(header.hash(), 2), CHAIN_ID, validators))
        .isInstanceOf(VerificationException.class)
        .hasMessage("block 7: certificate does not verify: only 2 signatures, quorum is 3");
  }

  @Test
  void aCertificateOfAnotherChainOrAHashNotOfTheHeaderIsRefused() {
    assertThatThrownBy(() -> ChainVerifier.block(served(header.hash(), 4), 1, validators))
        .hasMessageContaining("invalid signature from validator 0");
    ObjectNode lying = served(header.hash(), 4);
    lying.put("hash", Bytes32.random().toHexString());
    assertThatThrownBy(() -> ChainVerifier.block(lying, CHAIN_ID, validators))
        .hasMessageContaining("is not the hash of its header fields");
    assertThatThrownBy(() -> ChainVerifier.block(served(Bytes32.random(), 4), CHAIN_ID, validators))
        .hasMessageContaining("the certificate is for block 7");
  }

  private ObjectNode served(Bytes32 certifiedHash, int signers) {
    List<CommitCertificate.CommitVote> votes = new ArrayList<>();
    Bytes32 message = CommitCertificate.signingHash(CHAIN_ID, 7, 0, certifiedHash);
    for (int i = 0; i < signers; i++) {
      votes.add(
          new CommitCertificate.CommitVote(i, Secp256k1.sign(message, keys.get(i).privateKey())));
    }
    CommitCertificate certificate = new CommitCertificate(7, 0, certifiedHash, votes);
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("number", "0x7");
    n.put("hash", header.hash().toHexString());
    n.put("parentHash", header.parentHash().toHexString());
    n.put("timestamp", "0x" + Long.toHexString(header.timestamp()));
    n.put("proposer", header.proposer().toHexString());
    n.put("transactionsRoot", header.transactionsRoot().toHexString());
    n.put("stateRoot", header.stateRoot().toHexString());
    n.put("receiptsRoot", header.receiptsRoot().toHexString());
    n.put("gasUsed", "0x5208");
    n.put("consensusData", header.consensusData().toHexString());
    n.putObject("certificate").put("encoded", certificate.encode().toHexString());
    return n;
  }
}
