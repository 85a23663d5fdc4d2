package io.parley.contracts.circuit;

import io.parley.contracts.circuit.RandomPrograms.Expr;
import io.parley.contracts.circuit.RandomPrograms.IntType;
import io.parley.contracts.circuit.RandomPrograms.Param;
import io.parley.contracts.circuit.RandomPrograms.Profile;
import io.parley.contracts.circuit.RandomPrograms.Program;
import io.parley.contracts.circuit.RandomPrograms.Stmt;
import io.parley.contracts.circuit.RandomPrograms.Var;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;

/**
 * Draws the statements of one program of {@link RandomPrograms}: locals, assignments, compound
 * assignments, {@code if}/{@code else}, loops over the array parameter, updates of the secret
 * state, then every local revealed to an address and one expression returned.
 */
final class ProgramGenerator {
  private final SplittableRandom r;
  private final Profile profile;
  private final List<Param> params = new ArrayList<>();
  private final List<Var> scope = new ArrayList<>();
  private final List<Var> assignable = new ArrayList<>();
  private final IntType stateType;
  private final ExprGenerator exprs;
  private boolean stateAssigned;
  private int locals;

  ProgramGenerator(SplittableRandom r, Profile profile) {
    this.r = r;
    this.profile = profile;
    for (IntType t : profile.types()) {
      params.add(new Param("s_" + t.name(), "secret", t, 0));
      scope.add(new Var("s_" + t.name(), t));
    }
    IntType pub = pick(profile.types());
    params.add(new Param("p_" + pub.name(), "public", pub, 0));
    scope.add(new Var("p_" + pub.name(), pub));
    IntType arrayType = pick(profile.types());
    params.add(new Param(RandomPrograms.ARRAY, "secret", arrayType, RandomPrograms.ARRAY_LENGTH));
    stateType = pick(profile.types());
    Var state = new Var(RandomPrograms.STATE, stateType);
    scope.add(state);
    assignable.add(state);
    exprs = new ExprGenerator(r, profile, scope, arrayType);
  }

  private <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  Program program() {
    List<Stmt> body = new ArrayList<>();
    List<String> revealed = new ArrayList<>();
    for (int i = 0, n = 2 + r.nextInt(3); i < n; i++) {
      body.add(let(pick(profile.types())));
      revealed.add(scope.getLast().name());
    }
    for (int i = 0, n = 3 + r.nextInt(5); i < n; i++) {
      body.add(statement(2));
    }
    IntType resultType = pick(profile.types());
    Expr result =
        r.nextBoolean() ? exprs.bool(2) : exprs.variable(resultType, exprs.integer(resultType, 2));
    StringBuilder src = new StringBuilder("contract R {\n");
    src.append("  const AUDITOR: address = 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf;\n");
    src.append("  state " + RandomPrograms.STATE + ": secret " + stateType.name() + ";\n");
    List<String> declarations = new ArrayList<>();
    for (Param p : params) {
      String type = (p.kind().equals("secret") ? "secret " : "") + p.type().name();
      declarations.add(p.name() + ": " + type + (p.length() > 0 ? "[" + p.length() + "]" : ""));
    }
    src.append("  confidential " + RandomPrograms.FUNCTION + "(");
    src.append(String.join(", ", declarations) + ") -> " + result.typeName() + " {\n");
    body.forEach(s -> src.append("    ").append(s.source()).append('\n'));
    revealed.forEach(v -> src.append("    reveal_to(AUDITOR, " + v + ");\n"));
    src.append("    return reveal(" + result.source() + ");\n  }\n}\n");
    List<Param> fixed = List.copyOf(params);
    boolean assigned = stateAssigned;
    return new Program(
        src.toString(),
        fixed,
        stateType,
        args -> {
          Map<String, BigInteger> env = RandomPrograms.environment(args, fixed);
          body.forEach(s -> s.run().accept(env));
          return RandomPrograms.outputs(env, revealed, result, assigned);
        });
  }

  private Stmt let(IntType t) {
    String name = "v" + locals++;
    Expr value = exprs.integer(t, 3);
    Var v = new Var(name, t);
    scope.add(v);
    assignable.add(v);
    return new Stmt(
        "let " + name + ": secret " + t.name() + " = " + value.source() + ";",
        env -> env.put(name, value.eval(env)));
  }

  private Stmt statement(int depth) {
    return switch (r.nextInt(depth > 0 ? 7 : 3)) {
      case 0 -> {
        Var target = target();
        Expr e = exprs.integer(target.type(), 2);
        yield new Stmt(
            target.name() + " = " + e.source() + ";", env -> env.put(target.name(), e.eval(env)));
      }
      case 1, 2 -> compound(target());
      case 3, 4, 5 -> branch(depth);
      default -> exprs.inLoop() ? branch(depth) : loop(depth);
    };
  }

  /** A variable to assign; the state becomes an output once assigned anywhere. */
  private Var target() {
    Var target = pick(assignable);
    stateAssigned |= target.name().equals(RandomPrograms.STATE);
    return target;
  }

  private Stmt compound(Var target) {
    IntType t = target.type();
    String op = pick(List.of("+", "-", "*"));
    Expr e = op.equals("*") ? exprs.factor(t, 2) : exprs.integer(t, 2);
    BinaryOperator<BigInteger> f =
        switch (op) {
          case "+" -> BigInteger::add;
          case "-" -> BigInteger::subtract;
          default -> BigInteger::multiply;
        };
    return new Stmt(
        target.name() + " " + op + "= " + e.source() + ";",
        env -> env.put(target.name(), t.wrap(f.apply(env.get(target.name()), e.eval(env)))));
  }

  private Stmt branch(int depth) {
    Expr c = exprs.bool(2);
    List<Stmt> then = block(depth - 1);
    List<Stmt> otherwise = r.nextBoolean() ? block(depth - 1) : List.of();
    String src = "if " + c.source() + " " + source(then);
    if (!otherwise.isEmpty()) {
      src += " else " + source(otherwise);
    }
    return new Stmt(
        src,
        env -> (c.eval(env).signum() != 0 ? then : otherwise).forEach(s -> s.run().accept(env)));
  }

  private Stmt loop(int depth) {
    exprs.enterLoop(true);
    List<Stmt> body = block(depth - 1);
    exprs.enterLoop(false);
    return new Stmt(
        "for i in 0.." + RandomPrograms.ARRAY_LENGTH + " " + source(body),
        env -> {
          for (int i = 0; i < RandomPrograms.ARRAY_LENGTH; i++) {
            env.put("i", BigInteger.valueOf(i));
            body.forEach(s -> s.run().accept(env));
          }
        });
  }

  private List<Stmt> block(int depth) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
      out.add(statement(Math.max(depth, 0)));
    }
    return out;
  }

  private static String source(List<Stmt> block) {
    return "{ " + String.join(" ", block.stream().map(Stmt::source).toList()) + " }";
  }
}
