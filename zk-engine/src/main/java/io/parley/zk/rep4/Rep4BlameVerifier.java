package io.parley.zk.rep4;

import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks {@link Rep4Evidence} with nothing but the four members' public keys. A conflict is
 * accepted only when exactly one of sender and backup signed a digest that differs from the chunk
 * recomputed from the signed disclosures, and that one is the accused. With at most one corrupt
 * member, a real conflict means the receiver and the third are honest, so their disclosures are
 * true and the honest one of sender and backup matches; without a real conflict both signed the
 * same digest, so whatever the disclosures say, "exactly one differs" cannot hold.
 */
public final class Rep4BlameVerifier {
  private final Committee committee;

  public Rep4BlameVerifier(Committee committee) {
    if (committee.size() != 4) {
      throw new IllegalArgumentException("rep4 committees have 4 members");
    }
    this.committee = committee;
  }

  /** The verifier of the rep4 path's blames. */
  public static io.parley.zk.evidence.BlameVerifier of(Committee committee) {
    return blame ->
        blame instanceof io.parley.zk.evidence.Blame.Rep4 r
            ? verdict(committee, r)
            : io.parley.zk.evidence.Verdict.reject("not a blame of this protocol");
  }

  /** The check of a {@code Blame.Rep4}. */
  public static io.parley.zk.evidence.Verdict verdict(
      Committee committee, io.parley.zk.evidence.Blame.Rep4 blame) {
    if (committee.size() != 4) {
      return new io.parley.zk.evidence.Verdict(false, "rep4 needs 4 members");
    }
    Rep4Evidence evidence;
    try {
      evidence = Rep4Evidence.decode(blame.evidence());
    } catch (io.parley.zk.messages.MalformedMessageException e) {
      return new io.parley.zk.evidence.Verdict(false, e.getMessage());
    }
    if (evidence.accused() != blame.accused()
        || !evidence.computation().equals(blame.computation())) {
      return new io.parley.zk.evidence.Verdict(false, "header disagrees with evidence");
    }
    Optional<String> rejected = new Rep4BlameVerifier(committee).reject(evidence);
    return new io.parley.zk.evidence.Verdict(
        rejected.isEmpty(), rejected.orElse("rep4 evidence holds"));
  }

  /** {@link io.parley.zk.evidence.BlameCodec.OpaqueDecoder} for variant 4. */
  public static io.parley.zk.evidence.Blame opaque(int variant, int accused, byte[] evidence) {
    if (variant != 4) {
      throw new io.parley.zk.messages.MalformedMessageException(
          "blame variant " + variant + " is not a rep4 blame");
    }
    return blame(accused, evidence);
  }

  /** Decodes a {@code Blame.Rep4} from its evidence bytes (for {@code BlameCodec}). */
  public static io.parley.zk.evidence.Blame.Rep4 blame(int accused, byte[] evidence) {
    Rep4Evidence e = Rep4Evidence.decode(evidence);
    return new io.parley.zk.evidence.Blame.Rep4(accused, e.computation(), evidence);
  }

  /** Empty when the evidence proves its accused deviated; otherwise why it is rejected. */
  public Optional<String> reject(Rep4Evidence evidence) {
    if (evidence.accused() < 0 || evidence.accused() >= 4) {
      return Optional.of("accused index out of range");
    }
    return switch (evidence) {
      case Rep4Evidence.Conflict c -> rejectConflict(c);
      case Rep4Evidence.Equivocation e -> rejectEquivocation(e);
    };
  }

  private Optional<String> rejectEquivocation(Rep4Evidence.Equivocation e) {
    Statement a = e.first();
    Statement b = e.second();
    if (a.from() != e.accused() || b.from() != e.accused()) {
      return Optional.of("statements not from the accused");
    }
    if (a.kind() != b.kind() || (a.kind() != RoundKind.INPUT && a.kind() != RoundKind.KEYS)) {
      return Optional.of("equivocation applies to input and key rounds only");
    }
    if (!a.computation().equals(b.computation()) || a.round() != b.round() || a.to() == b.to()) {
      return Optional.of("statements are not for one slot and two receivers");
    }
    if (!a.signedBySender(committee) || !b.signedBySender(committee)) {
      return Optional.of("bad signature");
    }
    for (Statement.Segment s : a.segments()) {
      if (!s.values() || !sentToBoth(a.kind(), e.accused(), s.id(), a.to(), b.to())) {
        continue;
      }
      Optional<Statement.Segment> t = b.segment(s.id());
      if (t.isEmpty()
          || t.get().count() != s.count()
          || !Arrays.equals(t.get().digests(), s.digests())) {
        return Optional.empty();
      }
    }
    return Optional.of("no segment differs");
  }

  /** Whether the protocol has {@code from} send segment {@code id} to both receivers. */
  private static boolean sentToBoth(RoundKind kind, int from, int id, int to1, int to2) {
    if (kind == RoundKind.INPUT) {
      int[] ab = Schedule.complement(from, Schedule.inputSent(from));
      boolean both = (to1 == ab[0] && to2 == ab[1]) || (to1 == ab[1] && to2 == ab[0]);
      return id == from && both;
    }
    return id != from && id != to1 && id != to2 && id >= 0 && id < 4;
  }

  private Optional<String> rejectConflict(Rep4Evidence.Conflict c) {
    Statement sent = c.sender();
    Statement backup = c.backup();
    TransferDisclosure atReceiver = c.receiver();
    TransferDisclosure atThird = c.third();
    RoundKind kind = sent.kind();
    if (kind != RoundKind.MULTIPLY && kind != RoundKind.AND && kind != RoundKind.OPEN) {
      return Optional.of("conflicts arise in multiplication, AND and opening rounds only");
    }
    int n = atReceiver.batch();
    if (n <= 0 || n > Rep4Context.MAX_ELEMENTS || atThird.batch() != n) {
      return Optional.of("disclosures disagree on the batch size");
    }
    if (c.transfer() < 0 || c.transfer() >= Schedule.transfers(kind)) {
      return Optional.of("transfer out of range");
    }
    Schedule.Transfer tr = Schedule.transfer(kind, c.transfer(), n);
    for (Statement s : new Statement[] {sent, backup}) {
      if (!s.computation().equals(sent.computation())
          || s.round() != sent.round()
          || s.kind() != kind
          || s.to() != tr.receiver()) {
        return Optional.of("statements are not for the same transfer");
      }
    }
    if (sent.from() != tr.sender() || backup.from() != tr.backup()) {
      return Optional.of("statements are not from the transfer's sender and backup");
    }
    for (TransferDisclosure d : new TransferDisclosure[] {atReceiver, atThird}) {
      if (!d.computation().equals(sent.computation())
          || d.round() != sent.round()
          || d.kind() != kind
          || d.transfer() != c.transfer()
          || d.chunk() != c.chunk()) {
        return Optional.of("disclosures are not for the disputed chunk");
      }
    }
    if (atReceiver.discloser() != tr.receiver() || atThird.discloser() != tr.third()) {
      return Optional.of("disclosures are not from the receiver and the third");
    }
    int from = tr.from() + c.chunk() * Digests.CHUNK;
    int to = Math.min(tr.to(), from + Digests.CHUNK);
    if (c.chunk() < 0 || from >= to) {
      return Optional.of("chunk out of range");
    }
    if (!sent.signedBySender(committee) || !backup.signedBySender(committee)) {
      return Optional.of("bad statement signature");
    }
    if (!atReceiver.signedByDiscloser(committee) || !atThird.signedByDiscloser(committee)) {
      return Optional.of("bad disclosure signature");
    }
    Optional<long[]> chunk =
        recompute(kind, tr, sent.round(), from, to - from, atReceiver, atThird);
    if (chunk.isEmpty()) {
      return Optional.of("disclosures have the wrong shape");
    }
    byte[] digest = digest(chunk.get());
    boolean senderRight = matches(sent, c.transfer(), true, tr.length(), c.chunk(), digest);
    boolean backupRight = matches(backup, c.transfer(), false, tr.length(), c.chunk(), digest);
    if (senderRight == backupRight) {
      return Optional.of(
          senderRight ? "sender and backup agree" : "neither matches: disclosures are false");
    }
    int wrong = senderRight ? backup.from() : sent.from();
    return wrong == c.accused()
        ? Optional.empty()
        : Optional.of("the deviating party is " + wrong + ", not the accused");
  }

  private static Optional<long[]> recompute(
      RoundKind kind,
      Schedule.Transfer tr,
      int round,
      int from,
      int len,
      TransferDisclosure atReceiver,
      TransferDisclosure atThird) {
    TransferDisclosure.Content k = atReceiver.content();
    TransferDisclosure.Content j = atThird.content();
    if (kind == RoundKind.OPEN) {
      return j.x().length == len ? Optional.of(j.x().clone()) : Optional.empty();
    }
    if (k.x().length != len
        || k.y().length != len
        || j.x().length != len
        || j.y().length != len
        || j.streamKey().length != 16) {
      return Optional.empty();
    }
    long[] w = new long[len];
    StreamPrg.fill(j.streamKey(), from - tr.from(), w, 0, len);
    TransferMath.mask(
        kind == RoundKind.AND, tr.third(), tr.receiver(), k.x(), k.y(), j.x(), j.y(), 0, len, w);
    return Optional.of(w);
  }

  private static byte[] digest(long[] values) {
    byte[] bytes = new byte[values.length * 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
    return Sha256.newDigest().digest(bytes);
  }

  private static boolean matches(
      Statement s, int id, boolean values, int count, int chunk, byte[] digest) {
    Optional<Statement.Segment> seg = s.segment(id);
    if (seg.isEmpty() || seg.get().values() != values || seg.get().count() != count) {
      return false;
    }
    byte[] d = seg.get().digests();
    return Arrays.equals(d, chunk * Digests.SIZE, (chunk + 1) * Digests.SIZE, digest, 0, 32);
  }
}
