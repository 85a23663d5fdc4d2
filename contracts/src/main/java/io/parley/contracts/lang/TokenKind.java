package io.parley.contracts.lang;

/** Token kinds of the contract language (docs/spec/language.md section 1). */
public enum TokenKind {
  IDENT,
  KEYWORD,
  INT,
  ADDRESS,
  STRING,
  SYMBOL,
  EOF
}
