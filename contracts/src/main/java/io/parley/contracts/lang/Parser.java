package io.parley.contracts.lang;

import io.parley.contracts.lang.Ast.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser for the grammar in docs/spec/language.md section 2. Stops at the first
 * syntax error. Nesting is bounded so that no input can exhaust the stack.
 */
public final class Parser {
  private static final int MAX_DEPTH = 64;
  private static final int MAX_ARRAY_LENGTH = 4096;

  private final SourceFile source;
  private final List<Token> tokens;
  private boolean synthetic;
  private int pos;
  private int depth;
  private boolean noStructLiteral;

  private Parser(SourceFile source, List<Token> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  public static Contract parse(SourceFile source) throws CompileException {
    Parser parser = new Parser(source, Lexer.tokenize(source));
    try {
      return parser.contract();
    } catch (SyntaxError e) {
      throw new CompileException(CompileError.at(source, e.span, e.getMessage()));
    }
  }

  /**
   * Parses declarations the compiler writes itself (parley-lang/2 bookkeeping), where names with
   * {@code __} are allowed; a failure is a compiler bug.
   */
  static List<Item> parseSynthetic(String text) {
    SourceFile file = new SourceFile("<generated>", "contract Generated {" + text + "}");
    try {
      Parser parser = new Parser(file, Lexer.tokenize(file));
      parser.synthetic = true;
      return parser.contract().items();
    } catch (CompileException | SyntaxError e) {
      throw new IllegalStateException("generated code does not parse: " + e.getMessage(), e);
    }
  }

  /** Internal unwinding for the first syntax error. */
  private static final class SyntaxError extends RuntimeException {
    private final transient Span span;

    SyntaxError(Span span, String message) {
      super(message, null, false, false);
      this.span = span;
    }
  }

  private Contract contract() {
    Token start = expectKeyword("contract");
    String name = ident("contract name");
    expectSymbol("{");
    List<Item> items = new ArrayList<>();
    while (!peek().isSymbol("}")) {
      if (peek().is(TokenKind.EOF)) {
        throw error(peek(), "expected '}' to close contract " + name);
      }
      items.add(item());
    }
    expectSymbol("}");
    if (!peek().is(TokenKind.EOF)) {
      throw error(peek(), "unexpected '" + peek().text() + "' after the end of the contract");
    }
    return new Contract(start.span(), name, items);
  }

  private Item item() {
    Token t = peek();
    if (t.is(TokenKind.KEYWORD)) {
      switch (t.text()) {
        case "struct" -> {
          return structDecl();
        }
        case "event" -> {
          return eventDecl();
        }
        case "const" -> {
          advance();
          String name = ident("constant name");
          expectSymbol(":");
          TypeRef type = type();
          expectSymbol("=");
          Expr value = expr();
          expectSymbol(";");
          return new ConstDecl(t.span(), name, type, value);
        }
        case "state" -> {
          advance();
          String name = ident("state variable name");
          expectSymbol(":");
          TypeRef type = type();
          expectSymbol(";");
          return new StateDecl(t.span(), name, type);
        }
        case "init" -> {
          advance();
          return function(t, FunctionKind.INIT, "init");
        }
        case "action", "view", "fn", "confidential" -> {
          advance();
          FunctionKind kind =
              switch (t.text()) {
                case "action" -> FunctionKind.ACTION;
                case "view" -> FunctionKind.VIEW;
                case "fn" -> FunctionKind.FN;
                default -> FunctionKind.CONFIDENTIAL;
              };
          return function(t, kind, ident(t.text() + " name"));
        }
        case "secret" -> {
          return collectionDecl();
        }
        default -> {}
      }
    }
    if (t.is(TokenKind.IDENT) && t.text().equals("on")) {
      return callback();
    }
    throw error(
        t,
        "expected a declaration (struct, event, const, state, secret inputs, init, action, view,"
            + " fn, confidential, on), found '"
            + describe(t)
            + "'");
  }

  private CollectionDecl collectionDecl() {
    Token start = expectKeyword("secret");
    expectWord("inputs", "after 'secret' in a declaration (secret state is 'state x: secret T;')");
    String name = ident("collection name");
    expectSymbol("[");
    Token n = peek();
    if (!n.is(TokenKind.INT)) {
      throw error(n, "expected the collection's capacity, found '" + describe(n) + "'");
    }
    advance();
    BigInteger capacity = parseInt(n);
    if (capacity.signum() <= 0 || capacity.compareTo(BigInteger.valueOf(MAX_ARRAY_LENGTH)) > 0) {
      throw error(n, "collection capacity must be 1.." + MAX_ARRAY_LENGTH + ", got " + capacity);
    }
    expectSymbol("]");
    expectSymbol(":");
    List<Field> fields = new ArrayList<>();
    boolean record = acceptSymbol("(");
    if (record) {
      do {
        Token f = peek();
        String fieldName = ident("field name");
        expectSymbol(":");
        fields.add(new Field(f.span(), fieldName, type()));
      } while (acceptSymbol(","));
      expectSymbol(")");
    } else {
      Token f = peek();
      fields.add(new Field(f.span(), "value", type()));
    }
    boolean onePerOwner = false;
    if (peek().is(TokenKind.IDENT) && peek().text().equals("one")) {
      advance();
      expectWord("per", "in 'one per owner'");
      expectWord("owner", "in 'one per owner'");
      onePerOwner = true;
    }
    Optional<Expr> where = Optional.empty();
    String whereText = "";
    if (peek().is(TokenKind.IDENT) && peek().text().equals("where")) {
      advance();
      int from = peek().span().offset();
      where = Optional.of(expr());
      whereText = source.text().substring(from, peek().span().offset()).strip();
    }
    expectSymbol(";");
    return new CollectionDecl(
        start.span(),
        name,
        capacity.intValueExact(),
        fields,
        record,
        onePerOwner,
        where,
        whereText);
  }

  private Item callback() {
    Token start = advance();
    Token what = peek();
    if (!(what.is(TokenKind.IDENT) || what.isKeyword("abort"))
        || !(what.text().equals("input")
            || what.text().equals("result")
            || what.text().equals("abort"))) {
      throw error(
          what, "expected 'input', 'result' or 'abort' after 'on', found '" + describe(what) + "'");
    }
    advance();
    String name =
        ident(what.text().equals("input") ? "collection name" : "confidential function name");
    if (what.text().equals("input")) {
      return new OnInput(start.span(), name, block());
    }
    expectSymbol("(");
    List<Param> params = new ArrayList<>();
    if (!peek().isSymbol(")")) {
      do {
        Token p = peek();
        String paramName = ident("parameter name");
        expectSymbol(":");
        params.add(new Param(p.span(), paramName, type()));
      } while (acceptSymbol(","));
    }
    expectSymbol(")");
    return new Callback(start.span(), name, what.text().equals("abort"), params, block());
  }

  private void expectWord(String word, String where) {
    Token t = peek();
    if (!t.is(TokenKind.IDENT) || !t.text().equals(word)) {
      throw error(t, "expected '" + word + "' " + where + ", found '" + describe(t) + "'");
    }
    advance();
  }

  private StructDecl structDecl() {
    Token start = advance();
    String name = ident("struct name");
    expectSymbol("{");
    List<Field> fields = new ArrayList<>();
    do {
      if (peek().isSymbol("}")) {
        break;
      }
      Token f = peek();
      String fieldName = ident("field name");
      expectSymbol(":");
      fields.add(new Field(f.span(), fieldName, type()));
    } while (acceptSymbol(","));
    expectSymbol("}");
    if (fields.isEmpty()) {
      throw error(start, "struct " + name + " has no fields");
    }
    return new StructDecl(start.span(), name, fields);
  }

  private EventDecl eventDecl() {
    Token start = advance();
    String name = ident("event name");
    expectSymbol("(");
    List<EventField> fields = new ArrayList<>();
    if (!peek().isSymbol(")")) {
      do {
        Token f = peek();
        String fieldName = ident("event field name");
        expectSymbol(":");
        TypeRef type = type();
        boolean indexed = acceptKeyword("indexed");
        fields.add(new EventField(f.span(), fieldName, type, indexed));
      } while (acceptSymbol(","));
    }
    expectSymbol(")");
    expectSymbol(";");
    return new EventDecl(start.span(), name, fields);
  }

  private FunctionDecl function(Token start, FunctionKind kind, String name) {
    expectSymbol("(");
    List<Param> params = new ArrayList<>();
    if (!peek().isSymbol(")")) {
      do {
        Token p = peek();
        String paramName = ident("parameter name");
        expectSymbol(":");
        params.add(new Param(p.span(), paramName, type()));
      } while (acceptSymbol(","));
    }
    expectSymbol(")");
    Optional<TypeRef> returns = Optional.empty();
    if (acceptSymbol("->")) {
      returns = Optional.of(type());
    }
    return new FunctionDecl(start.span(), kind, name, params, returns, block());
  }

  private TypeRef type() {
    Token start = peek();
    if (acceptKeyword("map")) {
      expectSymbol("<");
      TypeRef key = nested(this::type);
      expectSymbol(",");
      TypeRef value = nested(this::type);
      expectCloseAngle();
      return new MapTypeRef(start.span(), key, value);
    }
    boolean secret = acceptKeyword("secret");
    String base = ident("type name");
    List<Integer> dims = new ArrayList<>();
    while (acceptSymbol("[")) {
      Token n = peek();
      if (!n.is(TokenKind.INT)) {
        throw error(n, "expected an array length, found '" + describe(n) + "'");
      }
      advance();
      BigInteger length = parseInt(n);
      if (length.signum() <= 0 || length.compareTo(BigInteger.valueOf(MAX_ARRAY_LENGTH)) > 0) {
        throw error(n, "array length must be between 1 and " + MAX_ARRAY_LENGTH);
      }
      dims.add(length.intValueExact());
      expectSymbol("]");
    }
    return new NamedType(start.span(), base, secret, dims);
  }

  private Block block() {
    Token start = expectSymbol("{");
    List<Stmt> statements = new ArrayList<>();
    boolean saved = noStructLiteral;
    noStructLiteral = false;
    while (!peek().isSymbol("}")) {
      if (peek().is(TokenKind.EOF)) {
        throw error(
            peek(), "expected '}' to close the block opened at line " + start.span().line());
      }
      statements.add(nested(this::statement));
    }
    noStructLiteral = saved;
    advance();
    return new Block(start.span(), statements);
  }

  private Stmt statement() {
    Token t = peek();
    if (t.is(TokenKind.KEYWORD)) {
      switch (t.text()) {
        case "let" -> {
          advance();
          String name = ident("variable name");
          expectSymbol(":");
          TypeRef type = type();
          expectSymbol("=");
          Expr value = expr();
          expectSymbol(";");
          return new Let(t.span(), name, type, value);
        }
        case "if" -> {
          return ifStatement();
        }
        case "while" -> {
          advance();
          Expr condition = condition();
          return new While(t.span(), condition, block());
        }
        case "for", "parallel" -> {
          advance();
          boolean parallel = t.text().equals("parallel");
          if (parallel) {
            expectKeyword("for");
          }
          String variable = ident("loop variable");
          expectKeyword("in");
          Expr from = condition();
          expectSymbol("..");
          Expr to = condition();
          return new For(t.span(), variable, from, to, block(), parallel);
        }
        case "return" -> {
          advance();
          Optional<Expr> value = peek().isSymbol(";") ? Optional.empty() : Optional.of(expr());
          expectSymbol(";");
          return new Return(t.span(), value);
        }
        case "emit" -> {
          advance();
          String event = ident("event name");
          List<Expr> args = arguments();
          expectSymbol(";");
          return new Emit(t.span(), event, args);
        }
        case "require" -> {
          advance();
          expectSymbol("(");
          Expr condition = expr();
          expectSymbol(",");
          byte[] message = stringLiteral();
          expectSymbol(")");
          expectSymbol(";");
          return new Require(t.span(), condition, message);
        }
        case "abort" -> {
          advance();
          expectSymbol("(");
          byte[] message = stringLiteral();
          expectSymbol(")");
          expectSymbol(";");
          return new Abort(t.span(), message);
        }
        case "reveal_to" -> {
          advance();
          expectSymbol("(");
          Expr address = expr();
          expectSymbol(",");
          Expr value = expr();
          expectSymbol(")");
          expectSymbol(";");
          return new RevealTo(t.span(), address, value);
        }
        default -> {}
      }
    }
    if (t.is(TokenKind.IDENT)
        && t.text().equals("start")
        && pos + 1 < tokens.size()
        && tokens.get(pos + 1).is(TokenKind.IDENT)) {
      advance();
      String function = ident("confidential function name");
      expectSymbol("(");
      List<Expr> args = new ArrayList<>();
      if (!peek().isSymbol(")")) {
        do {
          args.add(expr());
        } while (acceptSymbol(","));
      }
      expectSymbol(")");
      expectSymbol(";");
      return new Start(t.span(), function, args);
    }
    Expr e = expr();
    Token op = peek();
    if (op.isSymbol("=") || op.isSymbol("+=") || op.isSymbol("-=") || op.isSymbol("*=")) {
      advance();
      if (!(e instanceof Name || e instanceof Index || e instanceof FieldAccess)) {
        throw error(op, "the left side of '" + op.text() + "' is not assignable");
      }
      Expr value = expr();
      expectSymbol(";");
      return new Assign(op.span(), e, op.text(), value);
    }
    expectSymbol(";");
    if (!(e instanceof Call)) {
      throw new SyntaxError(e.span(), "expression result is unused; only calls can be statements");
    }
    return new ExprStmt(e.span(), e);
  }

  private If ifStatement() {
    Token t = expectKeyword("if");
    Expr condition = condition();
    Block then = block();
    Optional<Block> otherwise = Optional.empty();
    if (acceptKeyword("else")) {
      if (peek().isKeyword("if")) {
        Token next = peek();
        If nestedIf = nested(this::ifStatement);
        otherwise = Optional.of(new Block(next.span(), List.of(nestedIf)));
      } else {
        otherwise = Optional.of(block());
      }
    }
    return new If(t.span(), condition, then, otherwise);
  }

  private Expr condition() {
    boolean saved = noStructLiteral;
    noStructLiteral = true;
    try {
      return expr();
    } finally {
      noStructLiteral = saved;
    }
  }

  private byte[] stringLiteral() {
    Token t = peek();
    if (!t.is(TokenKind.STRING)) {
      throw error(t, "expected a string literal, found '" + describe(t) + "'");
    }
    advance();
    return Lexer.decodeString(t.text());
  }

  private List<Expr> arguments() {
    expectSymbol("(");
    List<Expr> args = new ArrayList<>();
    boolean saved = noStructLiteral;
    noStructLiteral = false;
    if (!peek().isSymbol(")")) {
      do {
        args.add(expr());
      } while (acceptSymbol(","));
    }
    noStructLiteral = saved;
    expectSymbol(")");
    return args;
  }

  // ---- expressions, lowest precedence first ----

  private static final String[][] LEVELS = {
    {"||"},
    {"&&"},
    {"==", "!="},
    {"<", "<=", ">", ">="},
    {"|"},
    {"^"},
    {"&"},
    {"<<", ">>"},
    {"+", "-"},
    {"*", "/", "%"}
  };

  private Expr expr() {
    return nested(() -> binary(0));
  }

  private Expr binary(int level) {
    if (level == LEVELS.length) {
      return unary();
    }
    Expr left = binary(level + 1);
    while (true) {
      Token op = peek();
      String matched = null;
      for (String candidate : LEVELS[level]) {
        if (op.isSymbol(candidate)) {
          matched = candidate;
        }
      }
      if (matched == null) {
        return left;
      }
      advance();
      Expr right = binary(level + 1);
      left = new Binary(op.span(), matched, left, right);
    }
  }

  private Expr unary() {
    Token t = peek();
    if (t.isSymbol("!") || t.isSymbol("-")) {
      advance();
      return new Unary(t.span(), t.text(), nested(this::unary));
    }
    Expr e = postfix();
    while (peek().isKeyword("as")) {
      Token as = advance();
      e = new Cast(as.span(), e, type());
    }
    return e;
  }

  private Expr postfix() {
    Expr e = primary();
    while (true) {
      Token t = peek();
      if (acceptSymbol("[")) {
        Expr index = expr();
        expectSymbol("]");
        e = new Index(t.span(), e, index);
      } else if (acceptSymbol(".")) {
        e = new FieldAccess(t.span(), e, ident("field name"));
      } else {
        return e;
      }
    }
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case INT -> {
        advance();
        return new IntLit(t.span(), parseInt(t));
      }
      case ADDRESS -> {
        advance();
        return new AddressLit(t.span(), HexFormat.of().parseHex(t.text().substring(2)));
      }
      case STRING -> {
        advance();
        return new StringLit(t.span(), Lexer.decodeString(t.text()));
      }
      case KEYWORD -> {
        if (t.text().equals("true") || t.text().equals("false")) {
          advance();
          return new BoolLit(t.span(), t.text().equals("true"));
        }
        if (t.text().equals("reveal")) {
          advance();
          expectSymbol("(");
          Expr value = expr();
          expectSymbol(")");
          return new Reveal(t.span(), value);
        }
        throw error(t, "expected an expression, found keyword '" + t.text() + "'");
      }
      case IDENT -> {
        advance();
        if (peek().isSymbol("(")) {
          return new Call(t.span(), t.text(), arguments());
        }
        if (peek().isSymbol("{") && !noStructLiteral) {
          return structLiteral(t);
        }
        return new Name(t.span(), t.text());
      }
      case SYMBOL -> {
        if (t.isSymbol("(")) {
          advance();
          boolean saved = noStructLiteral;
          noStructLiteral = false;
          Expr inner = expr();
          noStructLiteral = saved;
          expectSymbol(")");
          return inner;
        }
        if (t.isSymbol("[")) {
          advance();
          List<Expr> elements = new ArrayList<>();
          elements.add(expr());
          if (acceptSymbol(";")) {
            return repeated(t, elements.get(0));
          }
          while (acceptSymbol(",")) {
            elements.add(expr());
          }
          expectSymbol("]");
          return new ArrayLit(t.span(), elements);
        }
        throw error(t, "expected an expression, found '" + t.text() + "'");
      }
      default -> throw error(t, "expected an expression, found " + describe(t));
    }
  }

  /** {@code [e; N]}: N copies of e, N an integer literal (an array length). */
  private Expr repeated(Token open, Expr element) {
    Token n = peek();
    if (!n.is(TokenKind.INT)) {
      throw error(n, "expected the number of copies in [value; N], found '" + describe(n) + "'");
    }
    advance();
    BigInteger count = parseInt(n);
    if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(MAX_ARRAY_LENGTH)) > 0) {
      throw error(n, "array length must be between 1 and " + MAX_ARRAY_LENGTH);
    }
    expectSymbol("]");
    return new ArrayLit(open.span(), java.util.Collections.nCopies(count.intValueExact(), element));
  }

  private Expr structLiteral(Token name) {
    expectSymbol("{");
    List<FieldInit> fields = new ArrayList<>();
    if (!peek().isSymbol("}")) {
      do {
        if (peek().isSymbol("}")) {
          break;
        }
        Token f = peek();
        String field = ident("field name");
        expectSymbol(":");
        fields.add(new FieldInit(f.span(), field, expr()));
      } while (acceptSymbol(","));
    }
    expectSymbol("}");
    return new StructLit(name.span(), name.text(), fields);
  }

  private BigInteger parseInt(Token t) {
    String text = t.text();
    if (text.startsWith("0x") || text.startsWith("0X")) {
      return new BigInteger(text.substring(2), 16);
    }
    return new BigInteger(text.replace("_", ""));
  }

  // ---- token helpers ----

  private <T> T nested(java.util.function.Supplier<T> parse) {
    if (++depth > MAX_DEPTH) {
      throw error(peek(), "nesting deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return parse.get();
    } finally {
      depth--;
    }
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token advance() {
    Token t = tokens.get(pos);
    if (pos < tokens.size() - 1) {
      pos++;
    }
    return t;
  }

  private boolean acceptSymbol(String symbol) {
    if (peek().isSymbol(symbol)) {
      advance();
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (peek().isKeyword(keyword)) {
      advance();
      return true;
    }
    return false;
  }

  private Token expectSymbol(String symbol) {
    Token t = peek();
    if (!t.isSymbol(symbol)) {
      throw error(t, "expected '" + symbol + "', found '" + describe(t) + "'");
    }
    return advance();
  }

  /** Accepts '>' or the first half of '>>' (nested map types). */
  private void expectCloseAngle() {
    Token t = peek();
    if (t.isSymbol(">>")) {
      Span half = source.spanAt(t.span().offset() + 1);
      tokens.set(pos, new Token(TokenKind.SYMBOL, ">", half));
      return;
    }
    expectSymbol(">");
  }

  private Token expectKeyword(String keyword) {
    Token t = peek();
    if (!t.isKeyword(keyword)) {
      throw error(t, "expected '" + keyword + "', found '" + describe(t) + "'");
    }
    return advance();
  }

  private String ident(String what) {
    Token t = peek();
    if (!t.is(TokenKind.IDENT)) {
      String found = t.is(TokenKind.KEYWORD) ? "keyword '" + t.text() + "'" : describe(t);
      throw error(t, "expected " + what + ", found " + found);
    }
    if (!synthetic && t.text().contains("__")) {
      throw error(
          t, "names containing '__' are reserved for the compiler, found '" + t.text() + "'");
    }
    advance();
    return t.text();
  }

  private static String describe(Token t) {
    return t.is(TokenKind.EOF) ? "end of file" : t.text();
  }

  private SyntaxError error(Token t, String message) {
    return new SyntaxError(t.span(), message);
  }

  SourceFile source() {
    return source;
  }
}
