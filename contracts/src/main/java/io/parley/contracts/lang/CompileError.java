package io.parley.contracts.lang;

/**
 * One compile error at a position. {@link #format()} gives {@code file:line:column: error:
 * message}, the source line and a caret under the column.
 */
public record CompileError(String file, int line, int column, String message, String sourceLine) {

  public static CompileError at(SourceFile source, Span span, String message) {
    return new CompileError(
        source.name(), span.line(), span.column(), message, source.line(span.line()));
  }

  public String format() {
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
      caret.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    caret.append('^');
    return file
        + ":"
        + line
        + ":"
        + column
        + ": error: "
        + message
        + "\n  "
        + sourceLine
        + "\n  "
        + caret;
  }

  /** The first line only: {@code file:line:column: error: message}. */
  public String headline() {
    return file + ":" + line + ":" + column + ": error: " + message;
  }
}
