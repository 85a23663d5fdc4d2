package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * What a submission is bound to (secret-inputs.md section 3): chain, sender, nonce, contract,
 * collection, target and committee. With the ephemeral point E it gives the context hash.
 */
public record InputContext(
    long chainId,
    Address sender,
    long nonce,
    Address to,
    String collection,
    long target,
    Bytes32 committeeHash) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  public InputContext {
    checkCollection(collection);
    if (chainId < 0 || nonce < 0 || target < 0) {
      throw new SecretInputException("chainId, nonce and target are non-negative");
    }
  }

  static void checkCollection(String collection) {
    if (!NAME.matcher(collection).matches()) {
      throw new SecretInputException(
          "collection name must be 1..64 characters of [A-Za-z0-9_], got '" + collection + "'");
    }
  }

  /** context = keccak256("parley-secret-input/2" || RLP([...fields, E])). */
  public Bytes32 hash(Bytes ephemeral) {
    Bytes rlp =
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeValue(sender.bytes());
              w.writeLong(nonce);
              w.writeValue(to.bytes());
              w.writeValue(Bytes.wrap(collection.getBytes(StandardCharsets.US_ASCII)));
              w.writeLong(target);
              w.writeValue(committeeHash);
              w.writeValue(ephemeral);
            });
    return Hashing.keccak256(
        Bytes.wrap("parley-secret-input/2".getBytes(StandardCharsets.US_ASCII)), rlp);
  }
}
