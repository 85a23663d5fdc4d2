package io.parley.zk.preprocessing;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A Dolev-Strong signature chain (Dolev and Strong, SIAM J. Computing 1983) for the single value
 * "abort this batch": link k is signed over h_k = keccak256(h_{k-1} || k || signer_k), h_0 =
 * keccak256("parley-mpc-abort/1" || batch). A member accepts a chain at the end of verdict round r
 * if it has at least r links from distinct members, and relays it with its own link; after t + 1
 * rounds all honest members agree whether the batch is aborted. The first link names the member
 * that started the abort.
 */
public record AbortChain(List<Link> links) {
  private static final byte[] DOMAIN = "parley-mpc-abort/1".getBytes(StandardCharsets.US_ASCII);

  public record Link(int signer, Signature signature) {}

  public AbortChain {
    links = List.copyOf(links);
  }

  public static AbortChain empty() {
    return new AbortChain(List.of());
  }

  private static Bytes32 linkDigest(Bytes32 batch, List<Link> prefix, int signer) {
    Bytes32 h = Hashing.keccak256(Bytes.wrap(DOMAIN), batch);
    for (int k = 0; k < prefix.size(); k++) {
      h =
          Hashing.keccak256(
              h,
              Bytes.wrap(ByteBuffer.allocate(8).putInt(k).putInt(prefix.get(k).signer()).array()));
    }
    return Hashing.keccak256(
        h, Bytes.wrap(ByteBuffer.allocate(8).putInt(prefix.size()).putInt(signer).array()));
  }

  public AbortChain extend(Bytes32 batch, int signer, PrivateKey key) {
    List<Link> next = new ArrayList<>(links);
    next.add(new Link(signer, Secp256k1.sign(linkDigest(batch, links, signer), key)));
    return new AbortChain(next);
  }

  public boolean contains(int member) {
    return links.stream().anyMatch(l -> l.signer() == member);
  }

  /** True when every link is validly signed by a distinct committee member. */
  public boolean valid(Committee committee, Bytes32 batch) {
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < links.size(); k++) {
      Link link = links.get(k);
      if (link.signer() < 0 || link.signer() >= committee.size() || !seen.add(link.signer())) {
        return false;
      }
      Bytes32 digest = linkDigest(batch, links.subList(0, k), link.signer());
      if (!Secp256k1.verify(digest, link.signature(), committee.members().get(link.signer()))) {
        return false;
      }
    }
    return true;
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(4 + links.size() * (4 + Signature.SIZE));
    out.putInt(links.size());
    for (Link l : links) {
      out.putInt(l.signer()).put(l.signature().toBytes().toArrayUnsafe());
    }
    return out.array();
  }

  public static AbortChain decode(byte[] bytes) {
    if (bytes.length == 0) {
      return empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int count = in.getInt();
      if (count < 0 || count > 1024 || in.remaining() != count * (4 + Signature.SIZE)) {
        throw new MalformedMessageException("bad abort chain length");
      }
      List<Link> links = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int signer = in.getInt();
        byte[] sig = new byte[Signature.SIZE];
        in.get(sig);
        links.add(new Link(signer, Signature.fromBytes(Bytes.wrap(sig))));
      }
      return new AbortChain(links);
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      throw new MalformedMessageException("malformed abort chain: " + e.getMessage());
    }
  }
}
