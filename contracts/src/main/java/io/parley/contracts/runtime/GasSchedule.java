package io.parley.contracts.runtime;

/** Gas prices of contract execution (docs/spec/language.md section 10, ADR 0031). */
public record GasSchedule(
    long instruction,
    long storageRead,
    long storageWrite,
    long storagePerWord,
    long mapKey,
    long keccak,
    long keccakPerWord,
    long event,
    long eventPerByte,
    long balance,
    long transfer,
    long wideOperation,
    long context,
    long deployPerByte) {

  public static final GasSchedule DEFAULT =
      new GasSchedule(1, 200, 5_000, 1, 40, 30, 6, 400, 8, 100, 2_000, 10, 2, 200);
}
