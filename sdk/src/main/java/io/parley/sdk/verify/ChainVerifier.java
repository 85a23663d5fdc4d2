package io.parley.sdk.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.ValidatorSet;
import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.MerkleProof;
import io.parley.base.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Checks RPC answers from chain data alone, as docs/rpc.md "Checking genesis and certificates" and
 * "Verifying state and contract answers" describe: a block against the validator set, then account
 * and storage proofs (docs/spec/state.md) against that block's state root. Pure functions over the
 * JSON the node sent; nothing here trusts a field it can recompute.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /** Recomputes a {@code Block}'s hash and checks its certificate (not for genesis). */
  public static VerifiedBlock block(JsonNode block, long chainId, ValidatorSet validators)
      throws VerificationException {
    BlockHeader header = header(block);
    Bytes32 hash = header.hash();
    if (!hash.toHexString().equals(block.path("hash").asText())) {
      throw new VerificationException(
          "block "
              + header.height()
              + ": the served hash "
              + block.path("hash").asText()
              + " is not the hash of its header fields "
              + hash);
    }
    JsonNode served = block.path("certificate");
    if (served.isNull() || served.isMissingNode()) {
      throw new VerificationException(
          "block "
              + header.height()
              + " has no certificate (genesis is checked against genesis.json)");
    }
    CommitCertificate certificate;
    try {
      certificate = CommitCertificate.decode(Bytes.fromHexString(served.path("encoded").asText()));
    } catch (RuntimeException e) {
      throw new VerificationException(
          "block " + header.height() + ": certificate bytes do not decode: " + e.getMessage());
    }
    if (!certificate.blockHash().equals(hash) || certificate.height() != header.height()) {
      throw new VerificationException(
          "block "
              + header.height()
              + ": the certificate is for block "
              + certificate.height()
              + " "
              + certificate.blockHash());
    }
    Optional<String> invalid = certificate.verify(chainId, validators);
    if (invalid.isPresent()) {
      throw new VerificationException(
          "block " + header.height() + ": certificate does not verify: " + invalid.get());
    }
    return new VerifiedBlock(header, hash, certificate);
  }

  /**
   * Verifies a {@code Proof} of {@code state_getProof} against {@code stateRoot}; the account, or
   * empty when the proof shows it absent.
   */
  public static Optional<Account> account(JsonNode proof, Address address, Bytes32 stateRoot)
      throws VerificationException {
    MerkleProof merkle = merkleProof(proof);
    if (!merkle.verify(stateRoot)) {
      throw new VerificationException(
          "the account proof of " + address + " does not lead to state root " + stateRoot);
    }
    if (!merkle.key().equals(AccountTree.key(address))) {
      throw new VerificationException(
          "the account proof is for key " + merkle.key() + ", not keccak256(" + address + ")");
    }
    return merkle.value().map(Account::decode);
  }

  /**
   * Verifies a {@code StorageProof} of {@code state_getStorageProof} in its two steps against
   * {@code stateRoot}: the contract's account, then the entry against its storage root. Returns the
   * stored bytes, or empty when the entry is absent (zero).
   */
  public static Optional<Bytes> storage(
      JsonNode proof, Address contract, Bytes32 key, Bytes32 stateRoot)
      throws VerificationException {
    Account account =
        account(proof.path("accountProof"), contract, stateRoot)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "the proof shows no account at " + contract + " in that block"));
    MerkleProof merkle = merkleProof(proof);
    if (!merkle.key().equals(key)) {
      throw new VerificationException(
          "the storage proof is for key " + merkle.key() + ", not the requested " + key);
    }
    if (!merkle.verify(account.storageRoot())) {
      throw new VerificationException(
          "the storage proof of "
              + key
              + " does not lead to the storage root "
              + account.storageRoot()
              + " of "
              + contract);
    }
    return merkle.value();
  }

  /** A {@code Header} or {@code Block} as the base type (docs/spec/blocks.md). */
  public static BlockHeader header(JsonNode n) throws VerificationException {
    try {
      return new BlockHeader(
          Long.decode(n.get("number").asText()),
          Bytes32.fromHexString(n.get("parentHash").asText()),
          Long.decode(n.get("timestamp").asText()),
          Address.fromHex(n.get("proposer").asText()),
          Bytes32.fromHexString(n.get("transactionsRoot").asText()),
          Bytes32.fromHexString(n.get("stateRoot").asText()),
          Bytes32.fromHexString(n.get("receiptsRoot").asText()),
          Long.decode(n.get("gasUsed").asText()),
          Bytes.fromHexString(n.get("consensusData").asText()));
    } catch (RuntimeException e) {
      throw new VerificationException("malformed header from the node: " + e.getMessage());
    }
  }

  static MerkleProof merkleProof(JsonNode n) throws VerificationException {
    try {
      List<Bytes32> siblings = new ArrayList<>();
      n.get("siblings").forEach(s -> siblings.add(Bytes32.fromHexString(s.asText())));
      return new MerkleProof(
          Bytes32.fromHexString(n.get("key").asText()),
          optional(n.get("leafKey")).map(Bytes32::fromHexString),
          optional(n.get("leafValue")).map(Bytes::fromHexString),
          siblings);
    } catch (RuntimeException e) {
      throw new VerificationException("malformed proof from the node: " + e.getMessage());
    }
  }

  private static Optional<String> optional(JsonNode n) {
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
  }
}
