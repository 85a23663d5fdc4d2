package io.parley.contracts.lang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits a source into tokens; the first malformed token is a {@link CompileException}. */
public final class Lexer {
  public static final Set<String> KEYWORDS =
      Set.of(
          "contract",
          "struct",
          "event",
          "state",
          "const",
          "init",
          "action",
          "view",
          "fn",
          "confidential",
          "secret",
          "map",
          "let",
          "if",
          "else",
          "while",
          "for",
          "parallel",
          "in",
          "return",
          "emit",
          "require",
          "abort",
          "true",
          "false",
          "as",
          "indexed",
          "reveal",
          "reveal_to");

  private static final String[] SYMBOLS = {
    "..", "->", "+=", "-=", "*=", "<=", ">=", "==", "!=", "&&", "||", "<<", ">>", "{", "}", "(",
    ")", "[", "]", ",", ";", ":", ".", "=", "+", "-", "*", "/", "%", "!", "<", ">", "&", "|", "^"
  };

  private static final int MAX_IDENT = 64;

  private final SourceFile source;
  private final String text;
  private int pos;

  private Lexer(SourceFile source) {
    this.source = source;
    this.text = source.text();
  }

  public static List<Token> tokenize(SourceFile source) throws CompileException {
    return new Lexer(source).run();
  }

  private List<Token> run() throws CompileException {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        tokens.add(new Token(TokenKind.EOF, "", source.spanAt(pos)));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token next() throws CompileException {
    int start = pos;
    char c = text.charAt(pos);
    if (Character.isLetter(c) && c < 128 || c == '_') {
      while (pos < text.length() && isIdentPart(text.charAt(pos))) {
        pos++;
      }
      String word = text.substring(start, pos);
      if (word.length() > MAX_IDENT) {
        throw error(start, "identifier longer than " + MAX_IDENT + " characters");
      }
      return new Token(
          KEYWORDS.contains(word) ? TokenKind.KEYWORD : TokenKind.IDENT,
          word,
          source.spanAt(start));
    }
    if (c >= '0' && c <= '9') {
      return number(start);
    }
    if (c == '"') {
      return string(start);
    }
    for (String symbol : SYMBOLS) {
      if (text.startsWith(symbol, pos)) {
        pos += symbol.length();
        return new Token(TokenKind.SYMBOL, symbol, source.spanAt(start));
      }
    }
    throw error(start, "unexpected character '" + printable(c) + "'");
  }

  private Token number(int start) throws CompileException {
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
        pos++;
      }
      int count = pos - digits;
      if (count == 0 || count > 64) {
        throw error(start, "hex literal needs 1 to 64 hex digits");
      }
      if (pos < text.length() && isIdentPart(text.charAt(pos))) {
        throw error(pos, "invalid character in hex literal");
      }
      return new Token(
          count == 40 ? TokenKind.ADDRESS : TokenKind.INT,
          text.substring(start, pos),
          source.spanAt(start));
    }
    while (pos < text.length()
        && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos < text.length() && isIdentPart(text.charAt(pos))) {
      throw error(pos, "invalid character in integer literal");
    }
    String raw = text.substring(start, pos);
    if (raw.endsWith("_") || raw.contains("__")) {
      throw error(start, "misplaced '_' in integer literal");
    }
    if (raw.length() > 90) {
      throw error(start, "integer literal too long");
    }
    return new Token(TokenKind.INT, raw, source.spanAt(start));
  }

  private Token string(int start) throws CompileException {
    pos++;
    while (pos < text.length() && text.charAt(pos) != '"') {
      char c = text.charAt(pos);
      if (c == '\n') {
        throw error(start, "unterminated string literal");
      }
      if (c == '\\') {
        if (pos + 1 >= text.length()) {
          throw error(start, "unterminated string literal");
        }
        char e = text.charAt(pos + 1);
        if (e == 'x') {
          if (pos + 3 >= text.length()
              || Character.digit(text.charAt(pos + 2), 16) < 0
              || Character.digit(text.charAt(pos + 3), 16) < 0) {
            throw error(pos, "\\x needs two hex digits");
          }
          pos += 4;
          continue;
        }
        if ("\\\"nt".indexOf(e) < 0) {
          throw error(pos, "unknown escape '\\" + printable(e) + "'");
        }
        pos += 2;
        continue;
      }
      pos++;
    }
    if (pos >= text.length()) {
      throw error(start, "unterminated string literal");
    }
    pos++;
    return new Token(TokenKind.STRING, text.substring(start, pos), source.spanAt(start));
  }

  /** The bytes of a string literal token (quotes removed, escapes applied, text as UTF-8). */
  public static byte[] decodeString(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 1;
    int end = raw.length() - 1;
    StringBuilder plain = new StringBuilder();
    while (i < end) {
      char c = raw.charAt(i);
      if (c != '\\') {
        plain.append(c);
        i++;
        continue;
      }
      out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
      plain.setLength(0);
      char e = raw.charAt(i + 1);
      switch (e) {
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'x' -> {
          out.write(Integer.parseInt(raw.substring(i + 2, i + 4), 16));
          i += 2;
        }
        default -> out.write(e);
      }
      i += 2;
    }
    out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static boolean isIdentPart(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
  }

  private static String printable(char c) {
    return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private CompileException error(int offset, String message) {
    return new CompileException(CompileError.at(source, source.spanAt(offset), message));
  }
}
