package io.parley.contracts.lang;

import io.parley.contracts.lang.Ast.CollectionDecl;
import io.parley.contracts.lang.Ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validity circuit {@code valid__C} of a collection (secret-inputs.md section 6, (b) and (c)):
 * each field arrives as the 64-bit word a wallet deals ({@code u64}, {@code i64} for a signed
 * field), is cast to its declared type and must cast back to the same word (a bool must be at most
 * 1), and the collection's {@code where} is evaluated on the cast values. Every collection has one,
 * so no input reaches a computation before the committee checked it: the engine checks the sharing
 * (and on Shamir the word's range, exactly) before the circuit runs, and a collection of 64-bit
 * fields without {@code where} reveals just that the input passed.
 */
public final class ValidityCircuit {
  /** Suffix of the circuit's local that holds a field at its declared type. */
  static final String FIELD = "__in";

  private static final String IN_RANGE = "in_range__";

  private ValidityCircuit() {}

  private static boolean narrow(Ast.Field f) {
    String t = ManyParties.show(f.type());
    return !t.equals("u64") && !t.equals("i64");
  }

  /**
   * The circuit's source; its last statement {@code return reveal(where__);} is completed by {@link
   * #predicate}.
   */
  static String source(CollectionDecl c) {
    List<String> params = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    List<String> inRange = new ArrayList<>();
    for (Ast.Field f : c.fields()) {
      String type = ManyParties.show(f.type());
      String name = f.name();
      String local = name + FIELD;
      if (type.equals("bool")) {
        params.add(name + ": secret u64");
        body.append("  let ").append(local).append(": secret bool = ").append(name);
        body.append(" == 1;\n");
        inRange.add(name + " <= 1");
      } else if (!narrow(f)) {
        params.add(name + ": secret " + type);
        body.append("  let ").append(local).append(": secret ").append(type).append(" = ");
        body.append(name).append(";\n");
      } else {
        String word = type.startsWith("i") ? "i64" : "u64";
        params.add(name + ": secret " + word);
        body.append("  let ").append(local).append(": secret ").append(type).append(" = ");
        body.append(name).append(" as ").append(type).append(";\n");
        inRange.add("(" + local + " as " + word + ") == " + name);
      }
    }
    if (!inRange.isEmpty()) {
      body.append("  let ").append(IN_RANGE).append(": secret bool = ");
      body.append(String.join(" && ", inRange)).append(";\n");
    }
    return "confidential "
        + ManyParties.VALID
        + c.name()
        + "("
        + String.join(", ", params)
        + ") -> bool {\n"
        + body
        + "  return reveal(where__);\n}\n";
  }

  /** What the circuit reveals: the ranges, then the author's {@code where} on the cast values. */
  static Expr predicate(CollectionDecl c, Span span) {
    List<String> fields = c.fields().stream().map(Ast.Field::name).toList();
    Optional<Expr> where = c.where().map(w -> renamed(w, fields));
    if (c.fields().stream().noneMatch(ValidityCircuit::narrow)) {
      return where.orElse(new Ast.BoolLit(span, true));
    }
    Expr inRange = new Ast.Name(span, IN_RANGE);
    return where.<Expr>map(w -> new Ast.Binary(w.span(), "&&", inRange, w)).orElse(inRange);
  }

  /** The predicate over the circuit's locals: each field's name f becomes f + FIELD. */
  private static Expr renamed(Expr e, List<String> fields) {
    return switch (e) {
      case Ast.Name n when fields.contains(n.name()) -> new Ast.Name(n.span(), n.name() + FIELD);
      case Ast.Binary b ->
          new Ast.Binary(b.span(), b.op(), renamed(b.left(), fields), renamed(b.right(), fields));
      case Ast.Unary u -> new Ast.Unary(u.span(), u.op(), renamed(u.operand(), fields));
      case Ast.Cast c -> new Ast.Cast(c.span(), renamed(c.value(), fields), c.type());
      case Ast.Call c ->
          new Ast.Call(c.span(), c.name(), c.args().stream().map(a -> renamed(a, fields)).toList());
      default -> e;
    };
  }
}
