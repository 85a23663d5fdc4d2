package io.parley.zk.prss;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Messages of the PRSS key agreement (docs/spec/prss.md, section 5) and its hashes. Shared by the
 * session and the blame verifier, so that "malformed" means the same to both.
 */
final class KeyMessages {
  /** Statements (COIN, broadcast) and contributions (DEAL, one per recipient) travel in step 0. */
  static final int CONTRIBUTION_STEP = 0;

  /** Forwarded statements (ECHO, broadcast) travel in step 1. */
  static final int ECHO_STEP = 1;

  /** Largest forwarded statement accepted in an echo. */
  static final int MAX_FORWARDED_BYTES = 1 << 20;

  private static final byte[] CONTRIBUTION_DOMAIN = ascii("parley-prss-contribution/1");
  private static final byte[] KEY_DOMAIN = ascii("parley-prss-key/1");
  private static final byte[] TRANSCRIPT_DOMAIN = ascii("parley-prss-transcript/1");

  private KeyMessages() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** H_{A,g} = SHA-256("parley-prss-contribution/1" || A i32 || c_{A,g}). */
  static byte[] contributionDigest(int subset, byte[] contribution) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(CONTRIBUTION_DOMAIN);
    sha.update(ByteBuffer.allocate(4).putInt(subset).array());
    sha.update(contribution);
    return sha.digest();
  }

  /** K_A = SHA-256("parley-prss-key/1" || A i32 || c_{A,h} for the holders h ascending). */
  static byte[] key(int subset, List<byte[]> contributionsByHolder) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(KEY_DOMAIN);
    sha.update(ByteBuffer.allocate(4).putInt(subset).array());
    for (byte[] c : contributionsByHolder) {
      sha.update(c);
    }
    return sha.digest();
  }

  /** SHA-256("parley-prss-transcript/1" || digest of each member's statement, in member order). */
  static Bytes32 transcript(Envelope[] statements) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(TRANSCRIPT_DOMAIN);
    for (Envelope s : statements) {
      sha.update(s.digest().toArrayUnsafe());
    }
    return Bytes32.wrap(sha.digest());
  }

  /** Subsets whose contributions {@code from} sends to {@code to}: those containing neither. */
  static List<Integer> dealSubsets(int n, int t, int from, int to) {
    List<int[]> all = Subsets.of(n, t);
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < all.size(); a++) {
      if (!Subsets.contains(all.get(a), from) && !Subsets.contains(all.get(a), to)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Data of a statement or contribution envelope: count i32 | (subset i32 | 32 bytes)*. */
  static byte[] encodeEntries(TreeMap<Integer, byte[]> entries) {
    ByteBuffer out = ByteBuffer.allocate(4 + 36 * entries.size()).putInt(entries.size());
    entries.forEach((a, bytes) -> out.putInt(a).put(bytes));
    return out.array();
  }

  /** The entries if the data lists exactly {@code subsets} in order, 32 bytes each. */
  static Optional<TreeMap<Integer, byte[]>> decodeEntries(byte[] data, List<Integer> subsets) {
    if (data.length != 4 + 36 * subsets.size()) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(data);
    if (in.getInt() != subsets.size()) {
      return Optional.empty();
    }
    TreeMap<Integer, byte[]> out = new TreeMap<>();
    for (int expected : subsets) {
      if (in.getInt() != expected) {
        return Optional.empty();
      }
      byte[] bytes = new byte[32];
      in.get(bytes);
      out.put(expected, bytes);
    }
    return Optional.of(out);
  }

  /** True when e sits in the statement slot of its sender: (computation, COIN, 0, broadcast). */
  static boolean isStatement(Envelope e, Bytes32 computation) {
    return e.computation().equals(computation)
        && e.kind() == Kind.COIN
        && e.step() == CONTRIBUTION_STEP
        && e.recipient() == Envelope.BROADCAST;
  }

  /**
   * True when e sits in a contribution slot: (computation, DEAL, 0, a recipient not its sender).
   */
  static boolean isDeal(Envelope e, Bytes32 computation, int n) {
    return e.computation().equals(computation)
        && e.kind() == Kind.DEAL
        && e.step() == CONTRIBUTION_STEP
        && e.recipient() >= 0
        && e.recipient() < n
        && e.recipient() != e.sender();
  }

  /** The digests of a statement by its sender, or empty if malformed. */
  static Optional<TreeMap<Integer, byte[]>> statementDigests(Envelope statement, int n, int t) {
    if (statement.values().length != 0 || statement.sender() < 0 || statement.sender() >= n) {
      return Optional.empty();
    }
    return decodeEntries(statement.data(), Subsets.heldBy(n, t, statement.sender()));
  }

  /** The contributions of a DEAL envelope, or empty if malformed. */
  static Optional<TreeMap<Integer, byte[]>> dealContributions(Envelope deal, int n, int t) {
    if (deal.values().length != 0
        || deal.sender() < 0
        || deal.sender() >= n
        || deal.recipient() < 0
        || deal.recipient() >= n
        || deal.recipient() == deal.sender()) {
      return Optional.empty();
    }
    return decodeEntries(deal.data(), dealSubsets(n, t, deal.sender(), deal.recipient()));
  }

  /**
   * The first subset of {@code contributions} whose digest differs from the statement's, if any
   * (every subset of a well-formed deal is in its sender's well-formed statement).
   */
  static Optional<Integer> firstMismatch(
      TreeMap<Integer, byte[]> digests, TreeMap<Integer, byte[]> contributions) {
    for (var e : contributions.entrySet()) {
      byte[] stated = digests.get(e.getKey());
      if (stated == null
          || !java.util.Arrays.equals(stated, contributionDigest(e.getKey(), e.getValue()))) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Data of an echo: count i32 | (length i32 | envelope)*. */
  static byte[] encodeEcho(List<Envelope> forwarded) {
    List<byte[]> encoded = forwarded.stream().map(EnvelopeCodec::encode).toList();
    int size = 4 + encoded.stream().mapToInt(b -> 4 + b.length).sum();
    ByteBuffer out = ByteBuffer.allocate(size).putInt(encoded.size());
    for (byte[] b : encoded) {
      out.putInt(b.length).put(b);
    }
    return out.array();
  }

  /** The forwarded envelopes of an echo (at most n), or empty if malformed. */
  static Optional<List<Envelope>> decodeEcho(byte[] data, int n) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      int count = in.getInt();
      if (count < 0 || count > n) {
        return Optional.empty();
      }
      List<Envelope> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > MAX_FORWARDED_BYTES || length > in.remaining()) {
          return Optional.empty();
        }
        byte[] one = new byte[length];
        in.get(one);
        out.add(EnvelopeCodec.decode(one));
      }
      return in.hasRemaining() ? Optional.empty() : Optional.of(out);
    } catch (BufferUnderflowException | MalformedMessageException e) {
      return Optional.empty();
    }
  }
}
