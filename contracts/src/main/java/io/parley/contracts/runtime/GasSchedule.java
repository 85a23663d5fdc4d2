package io.parley.contracts.runtime;

/**
 * Gas prices of contract execution (docs/spec/language.md section 10, ADR 0031), calibrated so that
 * a block full of the slowest pattern known executes within its time budget (ADR 0045, {@code
 * parley bench execution}).
 *
 * @param instruction every interpreted WebAssembly instruction
 * @param storageRead {@code storage_read}, {@code storage_bytes_len}, {@code storage_read_bytes}
 * @param storageWrite {@code storage_write}, {@code storage_write_bytes}
 * @param storagePerWord every 32 bytes read or written by a storage call
 * @param mapKey {@code map_key}, {@code map_key_bytes}
 * @param keccak {@code keccak}
 * @param keccakPerWord every 32 bytes hashed by {@code keccak} or {@code map_key_bytes}
 * @param event {@code emit}
 * @param eventPerByte every byte of an event's data
 * @param balance {@code balance}
 * @param transfer {@code transfer}
 * @param wideOperation {@code wide_op}, {@code wide_cmp}, {@code wide_cast}, {@code wide_to_small}
 * @param context {@code caller}, {@code self}, {@code value}, {@code block_height}, {@code
 *     block_time}
 * @param deployPerByte every byte of a deployed bundle
 * @param hostCall every host call, on top of its own price
 * @param memoryPage every 64 KiB page of linear memory: the module's initial pages when a call
 *     starts, and the pages each {@code memory.grow} asks for
 * @param memoryPerWord every 32 bytes of {@code memory.copy}, {@code memory.fill}, {@code
 *     memory.init}
 * @param deploy every deployment, on top of its bytes
 * @param call every {@code call} instruction, on top of {@code instruction}
 */
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
    long deployPerByte,
    long hostCall,
    long memoryPage,
    long memoryPerWord,
    long deploy,
    long call) {

  /** The schedule of ADR 0045 (the figures behind it are in docs/benchmarks.md). */
  public static final GasSchedule DEFAULT =
      new GasSchedule(
          35, // instruction
          30_000, // storageRead
          5_000, // storageWrite
          200, // storagePerWord
          1_000, // mapKey
          1_000, // keccak
          320, // keccakPerWord
          2_000, // event
          64, // eventPerByte
          5_000, // balance
          10_000, // transfer
          4_000, // wideOperation
          100, // context
          250, // deployPerByte
          500, // hostCall
          32_768, // memoryPage
          4, // memoryPerWord
          1_000_000, // deploy
          400); // call

  /** Everything free: what loading a module for its deploy-time checks runs with. */
  static final GasSchedule FREE =
      new GasSchedule(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
