package io.parley.zk.computation;

import io.parley.zk.field.FieldElement;
import io.parley.zk.king.Dn07Batch;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeys;
import io.parley.zk.rep4.Rep4Keys;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Bytes of the values phases keep in the {@link MemberStore}: arrays of field elements (u32 count,
 * 16 bytes big-endian each), preprocessing batches (their arrays in order, or for a king batch the
 * values its opening revealed), PRSS and rep4 keys. Only the member that wrote them reads them
 * back, so the format is internal, versioned by the leading byte.
 */
final class Material {
  private static final byte VERSION = 1;

  private Material() {}

  static final PlannedPhase.Codec<FieldElement[]> FIELD_ARRAY =
      new PlannedPhase.Codec<>(
          v -> finish(fields(header(4 + FieldElement.BYTES * v.length), v)), b -> fields(open(b)));

  static final PlannedPhase.Codec<BatchOutput> BATCH =
      new PlannedPhase.Codec<>(Material::encodeBatch, b -> batch(open(b)));

  /**
   * A king batch kept as the values its opening revealed (a quarter of its shares' size): the rest
   * is rebuilt from the batch's PRSS keys, which {@code prss} gives when the value is read back.
   */
  static PlannedPhase.Codec<Dn07Batch.Output> kingBatch(Supplier<Prss> prss, Dn07Batch.Plan plan) {
    return new PlannedPhase.Codec<>(
        o -> FIELD_ARRAY.encode().apply(o.opened()),
        b -> Dn07Batch.fromOpened(prss.get(), plan, FIELD_ARRAY.decode().apply(b)));
  }

  static final PlannedPhase.Codec<Boolean> VERDICT =
      new PlannedPhase.Codec<>(
          v -> new byte[] {VERSION, (byte) (v ? 1 : 0)}, b -> open(b).get() == 1);

  static final PlannedPhase.Codec<PrssKeys> PRSS_KEYS =
      new PlannedPhase.Codec<>(
          k -> {
            ByteBuffer out = header(3 + 4 + k.keys().size() * (4 + PrssKeys.KEY_BYTES));
            out.put((byte) k.n()).put((byte) k.t()).put((byte) k.self()).putInt(k.keys().size());
            k.keys().forEach((subset, key) -> out.putInt(subset).put(key));
            return finish(out);
          },
          b -> {
            ByteBuffer in = open(b);
            int n = in.get();
            int t = in.get();
            int self = in.get();
            int count = in.getInt();
            Map<Integer, byte[]> keys = new TreeMap<>();
            for (int i = 0; i < count; i++) {
              int subset = in.getInt();
              byte[] key = new byte[PrssKeys.KEY_BYTES];
              in.get(key);
              keys.put(subset, key);
            }
            return new PrssKeys(n, t, self, keys);
          });

  static final PlannedPhase.Codec<Rep4Keys> REP4_KEYS =
      new PlannedPhase.Codec<>(
          k -> {
            byte[] bytes = k.encode();
            return finish(header(bytes.length).put(bytes));
          },
          b -> {
            ByteBuffer in = open(b);
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            return Rep4Keys.decode(bytes);
          });

  private static byte[] encodeBatch(BatchOutput o) {
    FieldElement[][] arrays = {o.a(), o.b(), o.c(), o.randoms(), o.roots(), o.squares()};
    int size = 0;
    for (FieldElement[] a : arrays) {
      size += 4 + FieldElement.BYTES * a.length;
    }
    ByteBuffer out = header(size);
    for (FieldElement[] a : arrays) {
      fields(out, a);
    }
    return finish(out);
  }

  private static BatchOutput batch(ByteBuffer in) {
    return new BatchOutput(fields(in), fields(in), fields(in), fields(in), fields(in), fields(in));
  }

  private static ByteBuffer header(int size) {
    return ByteBuffer.allocate(1 + size).put(VERSION);
  }

  private static byte[] finish(ByteBuffer out) {
    if (out.hasRemaining()) {
      throw new IllegalStateException("material size miscounted");
    }
    return out.array();
  }

  private static ByteBuffer open(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != VERSION) {
      throw new IllegalArgumentException("kept material of an unknown version");
    }
    return in;
  }

  private static ByteBuffer fields(ByteBuffer out, FieldElement[] values) {
    out.putInt(values.length);
    for (FieldElement v : values) {
      out.putLong(v.hi()).putLong(v.lo());
    }
    return out;
  }

  private static FieldElement[] fields(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || (long) count * FieldElement.BYTES > in.remaining()) {
      throw new IllegalArgumentException("kept material is truncated");
    }
    FieldElement[] values = new FieldElement[count];
    for (int i = 0; i < count; i++) {
      values[i] = new FieldElement(in.getLong(), in.getLong());
    }
    return values;
  }
}
