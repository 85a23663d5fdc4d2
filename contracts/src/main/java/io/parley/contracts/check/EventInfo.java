package io.parley.contracts.check;

import java.util.List;
import java.util.stream.Collectors;

/** A declared event: its fields and its index (the order of declaration). */
public record EventInfo(String name, int index, List<EventInfo.Field> fields) {
  public EventInfo {
    fields = List.copyOf(fields);
  }

  public record Field(String name, Type type, boolean indexed) {}

  /** {@code Name(type,type,...)}: topic 0 is keccak256 of this (docs/spec/language.md 8). */
  public String signature() {
    return name
        + fields.stream().map(f -> f.type().show()).collect(Collectors.joining(",", "(", ")"));
  }
}
