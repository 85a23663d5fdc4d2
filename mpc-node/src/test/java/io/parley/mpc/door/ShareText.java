package io.parley.mpc.door;

import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.rep4.Shares;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/**
 * Shares as one line of text, so that a member process can hand its shares for a recipient to the
 * test, which plays the recipient: {@code F:<hex>,<hex>...} or {@code R:<self>:<c0>;<c1>;<c2>;<c3>}
 * with {@code -} for the member's own component and each component as comma-separated longs.
 */
final class ShareText {
  private ShareText() {}

  static String encode(ShareVector v) {
    return switch (v) {
      case ShareVector.Field f -> {
        List<String> parts = new ArrayList<>();
        for (FieldElement e : f.shares()) {
          parts.add(Bytes.wrap(e.toBytes()).toUnprefixedHexString());
        }
        yield "F:" + String.join(",", parts);
      }
      case ShareVector.Replicated r -> {
        long[][] c = r.shares().components();
        List<String> parts = new ArrayList<>();
        for (long[] component : c) {
          if (component == null) {
            parts.add("-");
          } else {
            List<String> values = new ArrayList<>();
            for (long x : component) {
              values.add(Long.toString(x));
            }
            parts.add(String.join(",", values));
          }
        }
        yield "R:" + r.shares().self() + ":" + String.join(";", parts);
      }
    };
  }

  static ShareVector decode(String text) {
    if (text.startsWith("F:")) {
      String[] parts = text.substring(2).split(",");
      FieldElement[] shares = new FieldElement[parts.length];
      for (int i = 0; i < parts.length; i++) {
        shares[i] = FieldElement.fromBytes(Bytes.fromHexString(parts[i]).toArrayUnsafe(), 0);
      }
      return new ShareVector.Field(shares);
    }
    String[] head = text.split(":");
    int self = Integer.parseInt(head[1]);
    String[] parts = head[2].split(";");
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        String[] values = parts[m].split(",");
        c[m] = new long[values.length];
        for (int i = 0; i < values.length; i++) {
          c[m][i] = Long.parseLong(values[i]);
        }
      }
    }
    return new ShareVector.Replicated(Shares.of(self, c));
  }

  /** The same shares with one value changed: a cheating member's deviation. */
  static ShareVector altered(ShareVector v) {
    return switch (v) {
      case ShareVector.Field f -> {
        FieldElement[] s = f.shares();
        s[0] = s[0].add(FieldElement.ONE);
        yield new ShareVector.Field(s);
      }
      case ShareVector.Replicated r -> {
        long[][] c = r.shares().components();
        c[r.shares().self() == 0 ? 1 : 0][0] += 1;
        yield new ShareVector.Replicated(Shares.of(r.shares().self(), c));
      }
    };
  }
}
