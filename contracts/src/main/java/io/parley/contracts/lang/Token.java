package io.parley.contracts.lang;

/** A lexical token: its kind, source text and position. */
public record Token(TokenKind kind, String text, Span span) {
  public boolean is(TokenKind k) {
    return kind == k;
  }

  public boolean isSymbol(String symbol) {
    return kind == TokenKind.SYMBOL && text.equals(symbol);
  }

  public boolean isKeyword(String keyword) {
    return kind == TokenKind.KEYWORD && text.equals(keyword);
  }
}
