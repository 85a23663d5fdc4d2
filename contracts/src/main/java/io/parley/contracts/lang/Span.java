package io.parley.contracts.lang;

/** A position in a source: character offset, line and column (both from 1). */
public record Span(int offset, int line, int column) {}
