package io.parley.contracts.circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random confidential functions and their meaning in plain Java: every integer operation
 * wraps to its type (two's complement), {@code /} truncates, {@code %} takes the dividend's sign,
 * {@code >>} is arithmetic, {@code as} wraps to the target (language.md section 3.2). The programs
 * mix + - *, division and remainder by constants, shifts, bitwise operations, casts, comparisons,
 * secret and public {@code if}s, unrolled loops, secret state and outputs, and stay within the
 * circuit IR's limits by construction (no product of two full 64-bit values, no division of a
 * 64-bit value by a constant that is not a power of two), so every one must compile.
 */
final class RandomPrograms {
  /** An integer type of the language. */
  record IntType(int bits, boolean signed) {
    String name() {
      return (signed ? "i" : "u") + bits;
    }

    BigInteger min() {
      return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    BigInteger max() {
      return BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
    }

    BigInteger wrap(BigInteger v) {
      BigInteger m = BigInteger.ONE.shiftLeft(bits);
      BigInteger r = v.mod(m);
      return signed && r.testBit(bits - 1) ? r.subtract(m) : r;
    }
  }

  static final List<IntType> ALL_TYPES =
      List.of(
          new IntType(8, false),
          new IntType(16, false),
          new IntType(32, false),
          new IntType(64, false),
          new IntType(8, true),
          new IntType(16, true),
          new IntType(32, true),
          new IntType(64, true));

  /**
   * Which programs to draw: {@code narrow} keeps to types of at most 32 bits, products and shifts
   * that stay below 2^62 and divisions by powers of two, so the rep4 backend can run them.
   */
  record Profile(List<IntType> types, boolean narrow) {
    static final Profile ALL = new Profile(ALL_TYPES, false);
    static final Profile NARROW =
        new Profile(ALL_TYPES.stream().filter(t -> t.bits() <= 32).toList(), true);
  }

  /**
   * An expression: its source, its type (empty for bool), its value in an environment, and whether
   * it is a constant (the checker refuses some operations on two constants).
   */
  record Expr(
      String source,
      Optional<IntType> type,
      Function<Map<String, BigInteger>, BigInteger> value,
      boolean constant) {
    BigInteger eval(Map<String, BigInteger> env) {
      return value.apply(env);
    }

    String typeName() {
      return type.map(IntType::name).orElse("bool");
    }
  }

  /** A statement: its source and its effect on an environment. */
  record Stmt(String source, Consumer<Map<String, BigInteger>> run) {}

  /** An integer variable in scope. */
  record Var(String name, IntType type) {}

  /** A parameter: a scalar, or an array of {@code length} elements. */
  record Param(String name, String kind, IntType type, int length) {}

  /**
   * A generated contract with one confidential function {@code f}, its parameters, the state
   * variable's type, and its meaning: the outputs (by circuit output name) for given arguments
   * (names of {@link #params}, arrays as lists) and a starting value of the state.
   */
  record Program(
      String source,
      List<Param> params,
      IntType stateType,
      Function<Map<String, Object>, Map<String, BigInteger>> meaning) {}

  static final String FUNCTION = "f";
  static final String STATE = "acc";
  static final String ARRAY = "xs";
  static final int ARRAY_LENGTH = 4;

  private RandomPrograms() {}

  static Program generate(long seed, Profile profile) {
    return new ProgramGenerator(new SplittableRandom(seed), profile).program();
  }

  /** A random argument of {@code t}: often an extreme value, otherwise uniform. */
  static BigInteger argument(SplittableRandom r, IntType t) {
    return switch (r.nextInt(6)) {
      case 0 -> t.min();
      case 1 -> t.max();
      case 2 -> t.signed() ? BigInteger.ONE.negate() : BigInteger.ONE;
      default -> t.wrap(new BigInteger(t.bits(), new Random(r.nextLong())));
    };
  }

  /** Arguments for every parameter of {@code p} and a starting state, as circuit inputs. */
  static Map<String, Object> arguments(SplittableRandom r, Program p, boolean withState) {
    Map<String, Object> args = new HashMap<>();
    for (Param param : p.params()) {
      if (param.length() == 0) {
        args.put(param.name(), argument(r, param.type()));
      } else {
        List<BigInteger> elements = new ArrayList<>();
        for (int i = 0; i < param.length(); i++) {
          elements.add(argument(r, param.type()));
        }
        args.put(param.name(), elements);
      }
    }
    if (withState) {
      args.put(STATE, argument(r, p.stateType()));
    }
    return args;
  }

  /** The environment the reference semantics start from: parameters, array elements, state. */
  static Map<String, BigInteger> environment(Map<String, Object> args, List<Param> params) {
    Map<String, BigInteger> env = new HashMap<>();
    for (Param param : params) {
      Object v = args.get(param.name());
      if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          env.put(param.name() + "#" + i, (BigInteger) list.get(i));
        }
      } else {
        env.put(param.name(), (BigInteger) v);
      }
    }
    env.put(STATE, (BigInteger) args.getOrDefault(STATE, BigInteger.ZERO));
    return env;
  }

  static Map<String, BigInteger> outputs(
      Map<String, BigInteger> env, List<String> revealed, Expr result, boolean stateAssigned) {
    Map<String, BigInteger> out = new LinkedHashMap<>();
    for (int i = 0; i < revealed.size(); i++) {
      out.put("private_" + i, env.get(revealed.get(i)));
    }
    out.put("result", result.eval(env));
    if (stateAssigned) {
      out.put(STATE, env.get(STATE));
    }
    return out;
  }
}
