package io.parley.contracts.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A contract source: its name (for messages) and text, with line starts for positions. */
public final class SourceFile {
  private final String name;
  private final String text;
  private final int[] lineStarts;

  public SourceFile(String name, String text) {
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** The span at a character offset (line and column from 1). */
  public Span spanAt(int offset) {
    int clamped = Math.max(0, Math.min(offset, text.length()));
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= clamped) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Span(clamped, lo + 1, clamped - lineStarts[lo] + 1);
  }

  /** The text of a line (from 1), without its line break. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
    String raw = text.substring(start, Math.max(start, end));
    return raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
  }
}
