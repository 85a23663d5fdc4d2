package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.types.Address;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/** Deterministic committees, contexts and random streams for the secret-input tests. */
final class InputFixtures {
  private InputFixtures() {}

  static PrivateKey key(String role, int j) {
    return PrivateKey.of(
        Hashing.keccak256(Bytes.wrap((role + " " + j).getBytes(StandardCharsets.UTF_8))));
  }

  static InputCommittee committee(int n, PlainFormat format) {
    List<InputCommittee.MemberKeys> members = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      members.add(
          new InputCommittee.MemberKeys(
              key("signing", j).publicKey(), key("encryption", j).publicKey()));
    }
    return new InputCommittee((n - 1) / 3, format, members);
  }

  static Address address(String name) {
    return new Address(
        Hashing.keccak256(Bytes.wrap(name.getBytes(StandardCharsets.UTF_8))).slice(12, 20).copy());
  }

  static InputContext context(InputCommittee committee, Address sender, long nonce) {
    return new InputContext(7, sender, nonce, address("contract"), "bids", 0, committee.hash());
  }

  /** keccak256(seed || counter) blocks, recording every byte handed out. */
  static final class Stream implements RandomBytes {
    private final Bytes seed;
    private final ByteArrayOutputStream handedOut = new ByteArrayOutputStream();
    private byte[] block = new byte[0];
    private int used;
    private long counter;

    Stream(String seed) {
      this.seed = Bytes.wrap(seed.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] next(int length) {
      byte[] out = new byte[length];
      for (int i = 0; i < length; i++) {
        if (used == block.length) {
          block = Hashing.keccak256(seed, Bytes.ofUnsignedLong(counter++)).toArray();
          used = 0;
        }
        out[i] = block[used++];
      }
      handedOut.writeBytes(out);
      return out;
    }

    Bytes handedOut() {
      return Bytes.wrap(handedOut.toByteArray());
    }
  }

  static List<BigInteger> values(long... vs) {
    List<BigInteger> out = new ArrayList<>();
    for (long v : vs) {
      out.add(BigInteger.valueOf(v));
    }
    return out;
  }
}
