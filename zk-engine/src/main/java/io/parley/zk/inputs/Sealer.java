package io.parley.zk.inputs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The wallet's side of secret-inputs.md: shares the values, encrypts each member's plaintext to its
 * encryption key, commits, and proves knowledge of the ephemeral key.
 */
public final class Sealer {
  private Sealer() {}

  /** Seals with a fresh ephemeral key and secure randomness. */
  public static SealedInput seal(
      InputCommittee committee, InputContext context, List<BigInteger> values) {
    RandomBytes random = RandomBytes.secure();
    return seal(committee, context, values, Curve.nonzero(random.next(32)), random);
  }

  /**
   * Seals with ephemeral scalar {@code e} (1 <= e < N, used once) and {@code random} for the
   * sharing and salts: the deterministic core the test vectors pin down.
   */
  public static SealedInput seal(
      InputCommittee committee,
      InputContext context,
      List<BigInteger> values,
      BigInteger e,
      RandomBytes random) {
    if (e.signum() <= 0 || e.compareTo(Curve.N) >= 0) {
      throw new SecretInputException("the ephemeral scalar must be in [1, N)");
    }
    if (!context.committeeHash().equals(committee.hash())) {
      throw new SecretInputException("the context names another committee");
    }
    List<byte[]> plains =
        committee.format().deal(values, committee.size(), committee.threshold(), random);
    return sealed(committee, context, plains, e);
  }

  /**
   * Seals plaintexts the caller made (section 2's plain_j, one per member, e.g. from {@link
   * PlainFormat#deal}) with a fresh ephemeral key: what a wallet that deals its own way sends. The
   * chain checks only the payload's shape; for rep4 each D_k is taken from the lowest holder's
   * plaintext, so a holder dealt another component complains (secret-inputs.md sections 5 and 6),
   * and for Shamir the committee's arrival check rejects an inconsistent sharing: what tests use
   * this for.
   */
  public static SealedInput sealPlains(
      InputCommittee committee, InputContext context, List<byte[]> plains) {
    if (plains.size() != committee.size()) {
      throw new SecretInputException(
          "one plaintext per member: " + committee.size() + ", got " + plains.size());
    }
    if (!context.committeeHash().equals(committee.hash())) {
      throw new SecretInputException("the context names another committee");
    }
    return sealed(committee, context, plains, Curve.nonzero(RandomBytes.secure().next(32)));
  }

  /**
   * Seals the elements of an off-chain input (secret-inputs.md section 9) for {@code context}
   * (target 0) with a fresh ephemeral key: every element has the same number of values.
   */
  public static SealedBatch.Sealed sealBatch(
      InputCommittee committee, InputContext context, List<List<BigInteger>> elements) {
    RandomBytes random = RandomBytes.secure();
    return sealBatch(committee, context, elements, Curve.nonzero(random.next(32)), random);
  }

  /** The deterministic core of {@link #sealBatch(InputCommittee, InputContext, List)}. */
  public static SealedBatch.Sealed sealBatch(
      InputCommittee committee,
      InputContext context,
      List<List<BigInteger>> elements,
      BigInteger e,
      RandomBytes random) {
    if (elements.isEmpty() || elements.size() > SealedBatch.MAX_COUNT) {
      throw new SecretInputException(
          "an off-chain input holds 1.." + SealedBatch.MAX_COUNT + " elements");
    }
    int m = elements.get(0).size();
    if (m < 1 || m > PlainFormat.MAX_VALUES) {
      throw new SecretInputException("an element has 1.." + PlainFormat.MAX_VALUES + " values");
    }
    List<BigInteger> all = new ArrayList<>();
    for (List<BigInteger> element : elements) {
      if (element.size() != m) {
        throw new SecretInputException("every element has " + m + " values");
      }
      all.addAll(element);
    }
    if (context.target() != 0) {
      throw new SecretInputException("an off-chain input adds elements: its target is 0");
    }
    if (e.signum() <= 0 || e.compareTo(Curve.N) >= 0) {
      throw new SecretInputException("the ephemeral scalar must be in [1, N)");
    }
    if (!context.committeeHash().equals(committee.hash())) {
      throw new SecretInputException("the context names another committee");
    }
    return batch(
        committee,
        context,
        elements.size(),
        committee.format().dealAll(all, m, committee.size(), committee.threshold(), random),
        e);
  }

  /**
   * Seals plaintexts of {@code count} elements the caller dealt its own way (section 9's plain_j,
   * one per member) as an off-chain input, with a fresh ephemeral key: what tests of inconsistent
   * dealings use, as {@link #sealPlains} for one element.
   */
  public static SealedBatch.Sealed sealBatchPlains(
      InputCommittee committee, InputContext context, int count, List<byte[]> plains) {
    if (plains.size() != committee.size() || context.target() != 0) {
      throw new SecretInputException("one plaintext per member, target 0");
    }
    if (!context.committeeHash().equals(committee.hash())) {
      throw new SecretInputException("the context names another committee");
    }
    return batch(committee, context, count, plains, Curve.nonzero(RandomBytes.secure().next(32)));
  }

  private static SealedBatch.Sealed batch(
      InputCommittee committee,
      InputContext context,
      int count,
      List<byte[]> plains,
      BigInteger e) {
    SealedInput whole = sealed(committee, context, plains, e);
    List<SealedBatch.Digest> digests = new ArrayList<>();
    List<Bytes> ciphertexts = new ArrayList<>();
    for (SealedInput.Share s : whole.shares()) {
      digests.add(
          new SealedBatch.Digest(
              s.commitment(), io.parley.base.crypto.Hashing.keccak256(s.ciphertext())));
      ciphertexts.add(s.ciphertext());
    }
    return new SealedBatch.Sealed(
        new SealedBatch(
            context.collection(),
            count,
            committee.hash(),
            whole.ephemeral(),
            whole.proof(),
            digests,
            whole.components()),
        ciphertexts);
  }

  private static SealedInput sealed(
      InputCommittee committee, InputContext context, List<byte[]> plains, BigInteger e) {
    Bytes ephemeral = Curve.encode(Curve.G.multiply(e));
    Bytes32 ctx = context.hash(ephemeral);
    List<SealedInput.Share> shares = new ArrayList<>();
    for (int j = 0; j < committee.size(); j++) {
      var q = Curve.point(committee.members().get(j).encryption().bytes(), "encryption key");
      byte[] key = Envelope.key(q.multiply(e), ephemeral, ctx, j);
      shares.add(
          new SealedInput.Share(
              Envelope.commitment(ctx, j, plains.get(j)),
              Envelope.seal(key, ctx, j, plains.get(j))));
    }
    return new SealedInput(
        context.collection(),
        context.target(),
        committee.hash(),
        ephemeral,
        KnowledgeProof.prove(e, ephemeral, ctx),
        shares,
        committee.format().commitments(ctx, plains));
  }
}
