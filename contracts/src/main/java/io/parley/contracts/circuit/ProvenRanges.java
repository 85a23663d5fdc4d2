package io.parley.contracts.circuit;

import io.parley.contracts.check.Folder;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.ManyParties;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upper bounds that a collection's {@code where} proves for its fields (language.md section 12.1):
 * the committee checks the predicate on every input when it arrives, and a free index holds 0, so a
 * conjunct {@code f < C} or {@code f <= C} (or {@code C > f}, {@code C >= f}) with C a constant
 * expression bounds every element of field f. The circuit then declares the field's input with the
 * narrower unsigned type (u60 for {@code value < 2^60}), and comparisons, sums and products of it
 * need fewer bits: on rep4, keys built from a 60-bit hash sort with plain sign tests.
 */
public final class ProvenRanges {
  private ProvenRanges() {}

  /**
   * For each circuit parameter of a collection field (ManyParties#fieldParam) that its {@code
   * where} bounds, the largest value the predicate allows. Fields without such a conjunct are
   * absent.
   */
  public static Map<String, BigInteger> upperBounds(
      List<Ast.CollectionDecl> collections, Map<String, Symbol.Const> consts) {
    Map<String, BigInteger> out = new HashMap<>();
    for (Ast.CollectionDecl c : collections) {
      if (c.where().isEmpty()) {
        continue;
      }
      for (Ast.Field f : c.fields()) {
        String name = c.record() ? f.name() : "value";
        upper(c.where().get(), name, consts)
            .ifPresent(hi -> out.put(ManyParties.fieldParam(c, f.name()), hi));
      }
    }
    return out;
  }

  /** The smallest bound the conjuncts of {@code p} put on {@code name}. */
  static Optional<BigInteger> upper(Ast.Expr p, String name, Map<String, Symbol.Const> consts) {
    if (!(p instanceof Ast.Binary b)) {
      return Optional.empty();
    }
    if (b.op().equals("&&")) {
      Optional<BigInteger> l = upper(b.left(), name, consts);
      Optional<BigInteger> r = upper(b.right(), name, consts);
      if (l.isPresent() && r.isPresent()) {
        return Optional.of(l.get().min(r.get()));
      }
      return l.isPresent() ? l : r;
    }
    boolean strict;
    Ast.Expr bound;
    if (isField(b.left(), name, consts) && (b.op().equals("<") || b.op().equals("<="))) {
      strict = b.op().equals("<");
      bound = b.right();
    } else if (isField(b.right(), name, consts) && (b.op().equals(">") || b.op().equals(">="))) {
      strict = b.op().equals(">");
      bound = b.left();
    } else {
      return Optional.empty();
    }
    return Folder.fold(bound, consts).map(c -> strict ? c.subtract(BigInteger.ONE) : c);
  }

  private static boolean isField(Ast.Expr e, String name, Map<String, Symbol.Const> consts) {
    return e instanceof Ast.Name n && n.name().equals(name) && !consts.containsKey(name);
  }
}
