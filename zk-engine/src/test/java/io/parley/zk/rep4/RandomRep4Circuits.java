package io.parley.zk.rep4;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only: random circuits over the ops rep4 runs; a gate whose result could leave [-2^40, 2^40]
 * is skipped, so every circuit passes the rep4 check.
 */
final class RandomRep4Circuits {
  private RandomRep4Circuits() {}

  private static final String[] OPS = {
    "add",
    "sub",
    "neg",
    "addc",
    "mulc",
    "mul",
    "sum",
    "dot",
    "lt",
    "le",
    "eq",
    "not",
    "and",
    "or",
    "xor",
    "select",
    "from_bits",
    "wrap",
    "const",
    "bits",
    "divc"
  };

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(40);

  private record W(BigInteger lo, BigInteger hi, boolean bool) {
    static W of(long lo, long hi) {
      return new W(BigInteger.valueOf(lo), BigInteger.valueOf(hi), lo == 0 && hi == 1);
    }
  }

  static String generate(SplittableRandom r, int gates) {
    List<W> wires = new ArrayList<>();
    String inputs =
        """
        [{"name":"a","kind":"secret","type":"i16[3]"},{"name":"b","kind":"secret","type":"u8[2]"},
         {"name":"p","kind":"public","type":"i16"},{"name":"f","kind":"secret","type":"bool[2]"},
         {"name":"s","kind":"state","type":"i16"}]""";
    long[][] initial = {
      {-32768, 32767},
      {-32768, 32767},
      {-32768, 32767},
      {0, 255},
      {0, 255},
      {-32768, 32767},
      {0, 1},
      {0, 1},
      {-32768, 32767}
    };
    for (long[] w : initial) {
      wires.add(W.of(w[0], w[1]));
    }
    StringBuilder g = new StringBuilder();
    int made = 0;
    while (made < gates) {
      String op = OPS[r.nextInt(OPS.length)];
      int a = r.nextInt(wires.size());
      int b = r.nextInt(wires.size());
      int s = pickBool(r, wires);
      int s2 = pickBool(r, wires);
      W x = wires.get(a);
      W y = wires.get(b);
      String gate;
      W out;
      switch (op) {
        case "not", "and", "or", "xor" -> {
          gate = op.equals("not") ? in(op, s) : in(op, s, s2);
          out = W.of(0, 1);
        }
        case "lt", "le", "eq" -> {
          gate = in(op, a, b);
          out = W.of(0, 1);
        }
        case "select" -> {
          gate = in(op, s, a, b);
          out = new W(x.lo.min(y.lo), x.hi.max(y.hi), x.bool && y.bool);
        }
        case "neg" -> {
          gate = in(op, a);
          out = new W(x.hi.negate(), x.lo.negate(), false);
        }
        case "add", "sub" -> {
          gate = in(op, a, b);
          out =
              op.equals("add")
                  ? new W(x.lo.add(y.lo), x.hi.add(y.hi), false)
                  : new W(x.lo.subtract(y.hi), x.hi.subtract(y.lo), false);
        }
        case "sum" -> {
          gate = in(op, a, b, s);
          out = new W(x.lo.add(y.lo), x.hi.add(y.hi).add(BigInteger.ONE), false);
        }
        case "mul" -> {
          gate = in(op, a, b);
          out = product(x, y);
        }
        case "dot" -> {
          gate = in(op, a, b, s, s2);
          W p = product(x, wires.get(s));
          W q = product(y, wires.get(s2));
          out = new W(p.lo.add(q.lo), p.hi.add(q.hi), false);
        }
        case "addc", "mulc" -> {
          long c = r.nextInt(20) - 10;
          gate = "{\"op\":\"" + op + "\",\"in\":[" + a + "],\"c\":\"" + c + "\"}";
          W k = W.of(c, c);
          out = op.equals("addc") ? new W(x.lo.add(k.lo), x.hi.add(k.hi), false) : product(x, k);
        }
        case "from_bits" -> {
          boolean signed = r.nextBoolean();
          gate = "{\"op\":\"from_bits\",\"in\":[" + s + "," + s2 + "],\"signed\":" + signed + "}";
          out = signed ? W.of(-2, 1) : W.of(0, 3);
        }
        case "wrap" -> {
          String[] types = {"i48", "i8", "u8", "i16", "u1"};
          String type = types[r.nextInt(types.length)];
          gate = "{\"op\":\"wrap\",\"in\":[" + a + "],\"type\":\"" + type + "\"}";
          int w = Integer.parseInt(type.substring(1));
          out =
              type.startsWith("i")
                  ? W.of(-(1L << (w - 1)), (1L << (w - 1)) - 1)
                  : W.of(0, (1L << w) - 1);
        }
        case "divc" -> {
          int j = r.nextInt(12);
          gate = "{\"op\":\"divc\",\"in\":[" + a + "],\"c\":\"" + (1L << j) + "\"}";
          out = new W(floorShift(x.lo, j), floorShift(x.hi, j), false);
        }
        case "bits" -> {
          int w = 1 + r.nextInt(8);
          g.append("{\"op\":\"bits\",\"in\":[")
              .append(a)
              .append("],\"width\":")
              .append(w)
              .append("},\n");
          for (int i = 0; i < w; i++) {
            wires.add(W.of(0, 1));
          }
          made++;
          continue;
        }
        default -> {
          long c = r.nextInt(200) - 100;
          gate = "{\"op\":\"const\",\"c\":\"" + c + "\"}";
          out = W.of(c, c);
        }
      }
      if (out.lo.abs().compareTo(LIMIT) > 0 || out.hi.abs().compareTo(LIMIT) > 0) {
        if (!op.equals("wrap")) {
          continue;
        }
      }
      g.append(gate).append(",\n");
      wires.add(out);
      made++;
    }
    int count = wires.size();
    String outputs =
        "{\"name\":\"o1\",\"wire\":"
            + (count - 1)
            + ",\"type\":\"i64\",\"to\":\"public\"},"
            + "{\"name\":\"o2\",\"wire\":"
            + (count - 2)
            + ",\"type\":\"i64\",\"to\":\"state\"},"
            + "{\"name\":\"o3\",\"wires\":["
            + (count - 3)
            + ","
            + pickBool(r, wires)
            + "],\"type\":\"i64[2]\",\"to\":\"address\","
            + "\"address\":\"0x00000000000000000000000000000000000000aa\"},"
            + everyGateWire(initial.length, count);
    return "{\"format\":\"parley-circuit/1\",\"name\":\"fuzz\",\"inputs\":"
        + inputs
        + ",\"gates\":["
        + g.substring(0, g.length() - 2)
        + "],\"outputs\":["
        + outputs
        + "]}";
  }

  /** A public output of every gate's wire, so each gate is compared with the plaintext. */
  private static String everyGateWire(int from, int count) {
    StringBuilder b = new StringBuilder("{\"name\":\"all\",\"wires\":[");
    for (int w = from; w < count; w++) {
      b.append(w == from ? "" : ",").append(w);
    }
    return b.append("],\"type\":\"i64[")
        .append(count - from)
        .append("]\",\"to\":\"public\"}")
        .toString();
  }

  private static BigInteger floorShift(BigInteger v, int j) {
    return v.shiftRight(j); // BigInteger shifts floor towards negative infinity
  }

  private static W product(W x, W y) {
    BigInteger a = x.lo.multiply(y.lo);
    BigInteger b = x.lo.multiply(y.hi);
    BigInteger c = x.hi.multiply(y.lo);
    BigInteger d = x.hi.multiply(y.hi);
    return new W(a.min(b).min(c).min(d), a.max(b).max(c).max(d), x.bool && y.bool);
  }

  private static int pickBool(SplittableRandom r, List<W> wires) {
    while (true) {
      int i = r.nextInt(wires.size());
      if (wires.get(i).bool) {
        return i;
      }
    }
  }

  private static String in(String op, int... operands) {
    StringBuilder b = new StringBuilder("{\"op\":\"" + op + "\",\"in\":[");
    for (int i = 0; i < operands.length; i++) {
      b.append(i == 0 ? "" : ",").append(operands[i]);
    }
    return b.append("]}").toString();
  }
}
