package io.parley.zk.rep4;

import io.parley.base.crypto.Secp256k1;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Test-only: a corrupt party rewrites one of its round messages and signs it again. */
final class Tamper {
  private Tamper() {}

  /** Part contents as the corrupt party may edit them: longs for values, bytes for digests. */
  static Envelope rewrite(
      Envelope e,
      BiConsumer<WireMessage.Part, long[]> values,
      BiConsumer<WireMessage.Part, byte[]> digests) {
    WireMessage m = WireMessage.decode(e.data());
    MessageBuilder b = new MessageBuilder(m.kind());
    for (WireMessage.Part p : m.parts()) {
      if (p.values()) {
        long[] v = p.longs();
        values.accept(p, v);
        b.values(p.id(), v, 0, v.length);
      } else {
        byte[] d =
            Arrays.copyOfRange(p.bytes(), p.offset(), p.offset() + Digests.chunks(p.count()) * 32);
        digests.accept(p, d);
        b.digests(p.id(), p.count(), d);
      }
    }
    m.forwarded().forEach(b::forward);
    Statement s =
        new Statement(
            e.computation(),
            e.step(),
            m.kind(),
            e.sender(),
            e.recipient(),
            b.segments(),
            Optional.empty());
    byte[] data =
        b.encode(Optional.of(Secp256k1.sign(s.signingDigest(), Rep4Net.KEYS.get(e.sender()))));
    return new Envelope(
        e.computation(),
        e.step(),
        e.sender(),
        e.recipient(),
        Kind.DEAL,
        e.values(),
        data,
        Optional.empty());
  }

  static boolean hasValues(Envelope e) {
    return e.kind() == Kind.DEAL
        && WireMessage.decode(e.data()).parts().stream().anyMatch(WireMessage.Part::values);
  }

  static boolean hasDigests(Envelope e) {
    return e.kind() == Kind.DEAL
        && WireMessage.decode(e.data()).parts().stream().anyMatch(p -> !p.values());
  }
}
