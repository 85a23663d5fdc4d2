package io.parley.node.p2p;

import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/** Deterministic validator keys for the P2P tests. */
final class TestValidators {
  static final long CHAIN_ID = 99;

  private TestValidators() {}

  static KeyPair key(String name) {
    return KeyPair.of(
        PrivateKey.of(Hashing.keccak256(Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII)))));
  }

  static List<KeyPair> keys(int n) {
    List<KeyPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(key("p2p-validator-" + i));
    }
    return out;
  }

  static ValidatorSet set(List<KeyPair> keys) {
    return new ValidatorSet(keys.stream().map(k -> Validator.of(k.publicKey())).toList());
  }
}
