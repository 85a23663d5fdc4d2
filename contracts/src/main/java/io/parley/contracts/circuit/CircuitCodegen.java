package io.parley.contracts.circuit;

import io.parley.contracts.abi.Abi;
import io.parley.contracts.check.CheckedContract;
import io.parley.contracts.check.Folder;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.Span;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles one confidential function to a circuit: loops are unrolled, every {@code if} becomes
 * oblivious selection, fixed-width wrapping is made explicit with {@code wrap} (ADR 0030) and
 * deferred to where the value matters (ADR 0039).
 */
public final class CircuitCodegen {
  static final long MAX_ITERATIONS = 1_000_000;

  /** A compiled circuit and its interface for the ABI. */
  public record Circuit(String name, String json, Abi.ConfidentialDef abi) {}

  /** Internal unwinding with a source position. */
  static final class Failure extends RuntimeException {
    final transient Span span;

    Failure(Span span, String message) {
      super(message, null, false, false);
      this.span = span;
    }
  }

  final CheckedContract contract;
  final FunctionInfo function;
  final CircuitBuilder b = new CircuitBuilder();
  final Ops ops;
  final DeferredReduction reduction;
  final List<Abi.CircuitInput> inputs = new ArrayList<>();
  final List<Abi.CircuitOutput> outputs = new ArrayList<>();
  final Set<Symbol.State> assignedState = new LinkedHashSet<>();
  long iterations;
  int privateOutputs;

  private final Set<String> elementParams;
  private final Map<String, BigInteger> provenBounds;

  private CircuitCodegen(
      CheckedContract contract,
      FunctionInfo function,
      Set<String> elementParams,
      Map<String, BigInteger> provenBounds) {
    this.contract = contract;
    this.function = function;
    this.ops = new Ops(b);
    this.reduction = new DeferredReduction(b, ops);
    this.elementParams = elementParams;
    this.provenBounds = provenBounds;
  }

  public static Circuit compile(CheckedContract contract, FunctionInfo function)
      throws CompileException {
    return compile(contract, function, Set.of());
  }

  /**
   * Compiles {@code function}; parameters named in {@code elementParams} carry the elements of a
   * collection of secret inputs (circuit input kind {@code collection}, parley-circuit/2).
   */
  public static Circuit compile(
      CheckedContract contract, FunctionInfo function, Set<String> elementParams)
      throws CompileException {
    return compile(contract, function, elementParams, Map.of());
  }

  /**
   * As above, with the upper bounds the collections' {@code where} predicates prove for element
   * parameters ({@link ProvenRanges}): such a parameter's input gets the narrower unsigned type.
   */
  public static Circuit compile(
      CheckedContract contract,
      FunctionInfo function,
      Set<String> elementParams,
      Map<String, BigInteger> provenBounds)
      throws CompileException {
    CircuitCodegen gen = new CircuitCodegen(contract, function, elementParams, provenBounds);
    try {
      return gen.run();
    } catch (Failure f) {
      throw new CompileException(CompileError.at(contract.source(), f.span, f.getMessage()));
    }
  }

  private Circuit run() {
    Map<Symbol, CVal> env = new LinkedHashMap<>();
    for (Symbol.Local p : function.params()) {
      if (p.type() instanceof Type.AddressT) {
        b.recipient(p.name());
        inputs.add(new Abi.CircuitInput(p.name(), "recipient", "address"));
        continue;
      }
      String kind =
          elementParams.contains(p.name()) ? "collection" : p.type().secret() ? "secret" : "public";
      env.put(p, input(p.name(), kind, p.type()));
    }
    for (Symbol.State s : referencedState()) {
      env.put(s, input(s.name(), "state", s.type()));
    }
    new CircuitStatements(this).block(function.decl().body(), env, false);
    for (Symbol.State s : assignedState) {
      output(s.name(), env.get(s), s.type(), "state", null, function.decl().span());
    }
    String json = b.toJson(function.name());
    return new Circuit(
        function.name(),
        json,
        new Abi.ConfidentialDef(function.name(), function.name(), inputs, outputs));
  }

  private CVal input(String name, String kind, Type type) {
    String irType = irType(type);
    BigInteger[] range = null;
    if (kind.equals("collection")
        && type instanceof Type.Array a
        && a.element() instanceof Type.Int e
        && !e.signed()
        && provenBounds.containsKey(name)
        && provenBounds.get(name).signum() >= 0
        && provenBounds.get(name).compareTo(e.max()) < 0) {
      // the where predicate proved every element at most this bound (free indexes hold 0)
      int bits = Math.max(1, provenBounds.get(name).bitLength());
      irType = "u" + bits + "[" + a.length() + "]";
      range =
          new BigInteger[] {
            BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
          };
    }
    inputs.add(new Abi.CircuitInput(name, kind, irType));
    if (type instanceof Type.Array a) {
      if (range == null) {
        range = range(a.element());
      }
      int first = b.input(name, kind, irType, a.length(), range[0], range[1]);
      List<CVal> elements = new ArrayList<>();
      for (int i = 0; i < a.length(); i++) {
        elements.add(new CVal.Wire(first + i));
      }
      return new CVal.Arr(elements);
    }
    range = range(type);
    return new CVal.Wire(b.input(name, kind, irType, 1, range[0], range[1]));
  }

  static BigInteger[] range(Type t) {
    if (t instanceof Type.Int i) {
      return new BigInteger[] {i.min(), i.max()};
    }
    return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
  }

  static String irType(Type t) {
    return t.publicVersion().show();
  }

  /** Secret state variables the function mentions, in declaration order. */
  private List<Symbol.State> referencedState() {
    Set<Symbol.State> found = new LinkedHashSet<>();
    NameWalker.names(
        function.decl().body(),
        n -> {
          if (contract.symbols().get(n) instanceof Symbol.State s && s.secret()) {
            found.add(s);
          }
        });
    return contract.states().stream().filter(found::contains).toList();
  }

  /** Records an output; constants become const gates. */
  void output(String name, CVal value, Type type, String to, String address, Span span) {
    output(name, value, type, to, address, null, span);
  }

  /**
   * Records an output for an address or for a recipient parameter (one of them non-null). An output
   * is observed, so its value is reduced to the type's range first.
   */
  void output(
      String name,
      CVal unreduced,
      Type type,
      String to,
      String address,
      String recipient,
      Span span) {
    String irType = irType(type);
    List<Integer> wires = new ArrayList<>();
    CVal value = ops.fit(unreduced, type);
    if (value instanceof CVal.Arr arr) {
      for (CVal element : arr.elements()) {
        wires.add(ops.wire(element));
      }
    } else {
      wires.add(ops.wire(value));
    }
    b.output(name, wires, irType, to, address, recipient);
    outputs.add(
        new Abi.CircuitOutput(
            name, to, irType, Optional.ofNullable(address), Optional.ofNullable(recipient)));
  }

  static String hexAddress(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[20];
    int copy = Math.min(20, raw.length);
    System.arraycopy(raw, raw.length - copy, out, 20 - copy, copy);
    return "0x" + HexFormat.of().formatHex(out);
  }

  Optional<BigInteger> fold(Ast.Expr e) {
    return Folder.fold(e, contract.consts());
  }
}
