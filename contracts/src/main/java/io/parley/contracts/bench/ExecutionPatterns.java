package io.parley.contracts.bench;

import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiBuilder;
import io.parley.contracts.abi.AbiJson;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.wasm.Code;
import io.parley.contracts.wasm.HostImport;
import io.parley.contracts.wasm.WasmModuleWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;

/**
 * The worst contract patterns we know for execution time per gas (issue 17, ADR 0045), as
 * hand-assembled modules: each exports the action {@code run}, which repeats its pattern until the
 * call runs out of gas (or, for {@link #MEMORY_GROW}, does it once and returns), and the action
 * {@code fill}, which prepares storage for the read patterns. A block full of {@code run} calls is
 * the slowest block that pattern allows.
 */
public final class ExecutionPatterns {
  /** One pattern: its name, what it does, its module, and whether a call ends by itself. */
  public record Pattern(String name, String description, Bundle bundle, boolean finite) {}

  static final int KEY = 0;
  static final int OUT = 32;
  static final int WORD_A = 64;
  static final int WORD_B = 96;
  static final int FIELDS = 128;
  static final int BLOB = 4096;
  static final int BLOB_BYTES = 65_536;
  static final int HEAP = 70_016;
  static final int INITIAL_PAGES = 3;
  static final int MAX_PAGES = 256;

  /** Word keys written by {@code fill} for the storage-read pattern. */
  static final int FILLED_WORDS = 4_096;

  /** 64 KiB values written by {@code fill} for the storage-read-bytes pattern. */
  static final int FILLED_BLOBS = 16;

  public static final String MEMORY_GROW = "memory-grow";

  private ExecutionPatterns() {}

  /** Every pattern, cheapest-looking first. */
  public static List<Pattern> all() {
    List<Pattern> all = new ArrayList<>();
    all.add(loop("loop", "plain loop: i32 add, local get/set, br", c -> {}));
    all.add(calls());
    all.add(memoryGrow());
    all.add(memoryAccess());
    all.add(bulk("memory-copy", "memory.copy of 8 MiB onto itself shifted by one byte", 0x0A));
    all.add(bulk("memory-fill", "memory.fill of 16 MiB", 0x0B));
    all.add(
        host(
            "storage-write",
            "storage_write_bytes of 64 KiB at a new key",
            c -> {
              nextKey(c);
              c.i32(KEY).i32(BLOB).call(imported(HostImport.STORAGE_WRITE_BYTES));
            }));
    all.add(
        host(
            "storage-write-word",
            "storage_write of a word at a new key",
            c -> {
              nextKey(c);
              c.i32(KEY).i32(WORD_A).call(imported(HostImport.STORAGE_WRITE));
            }));
    all.add(
        repeated(
            "storage-commit",
            "storage_write of a word at 1,000 new keys, kept",
            1_000,
            c -> {
              nextKey(c);
              c.i32(KEY).i32(WORD_A).call(imported(HostImport.STORAGE_WRITE));
            }));
    all.add(
        repeated(
            "storage-bytes-commit",
            "storage_write_bytes of 64 KiB at 16 new keys, kept",
            16,
            c -> {
              nextKey(c);
              c.i32(KEY).i32(BLOB).call(imported(HostImport.STORAGE_WRITE_BYTES));
            }));
    all.add(
        host(
            "storage-read",
            "storage_read of a word at a new key (" + FILLED_WORDS + " keys stored)",
            c -> {
              nextKey(c);
              c.i32(KEY).i32(OUT).call(imported(HostImport.STORAGE_READ));
            }));
    all.add(
        host(
            "storage-read-bytes",
            "storage_bytes_len + storage_read_bytes of 64 KiB values",
            c -> {
              cycleKey(c, FILLED_BLOBS);
              c.i32(KEY).call(imported(HostImport.STORAGE_BYTES_LEN)).drop();
              c.i32(KEY).i32(HEAP).call(imported(HostImport.STORAGE_READ_BYTES));
            }));
    all.add(
        host(
            "keccak",
            "keccak of 64 KiB",
            c -> c.i32(BLOB).i32(OUT).call(imported(HostImport.KECCAK))));
    all.add(
        host(
            "event",
            "emit of an event with 64 KiB of data",
            c -> c.i32(0).i32(FIELDS).call(imported(HostImport.EMIT))));
    all.add(
        repeated(
            "event-commit",
            "16 events with 64 KiB of data each, kept",
            16,
            c -> c.i32(0).i32(FIELDS).call(imported(HostImport.EMIT))));
    all.add(
        host(
            "wide-div",
            "wide_op u256 division",
            c ->
                c.i32(HostImport.OP_DIV)
                    .i32(WORD_A)
                    .i32(WORD_B)
                    .i32(OUT)
                    .i32(HostImport.typeCode(256, false))
                    .call(imported(HostImport.WIDE_OP))));
    all.add(
        host(
            "map-key",
            "map_key, then storage_write of a word at the new key",
            c -> {
              c.i32(KEY).i32(WORD_B).i32(KEY).call(imported(HostImport.MAP_KEY));
              c.i32(KEY).i32(WORD_A).call(imported(HostImport.STORAGE_WRITE));
            }));
    all.add(
        host(
            "map-key-bytes",
            "map_key_bytes of a 64 KiB key",
            c -> c.i32(KEY).i32(BLOB).i32(KEY).call(imported(HostImport.MAP_KEY_BYTES))));
    all.add(
        host(
            "balance",
            "balance of a new address",
            c -> {
              nextKey(c);
              c.i32(KEY).i32(OUT).call(imported(HostImport.BALANCE));
            }));
    all.add(
        host(
            "context",
            "block_height (the cheapest host call)",
            c -> c.call(imported(HostImport.BLOCK_HEIGHT)).drop()));
    return all;
  }

  /** Host functions are imported in {@link HostImport} order, so an import's index is its own. */
  static int imported(HostImport h) {
    return h.ordinal();
  }

  private static final int ALLOC = HostImport.values().length;
  private static final int RUN = ALLOC + 1;
  private static final int FILL = ALLOC + 2;
  private static final int EMPTY = ALLOC + 3;

  private static Pattern loop(String name, String description, Consumer<Code> body) {
    Code c = new Code();
    c.loop(Code.VOID);
    body.accept(c);
    c.localGet(0).i32(1).op(0x6A).localSet(0).br(0).end();
    return pattern(name, description, c, false);
  }

  private static Pattern host(String name, String description, Consumer<Code> body) {
    return loop(name, description, body);
  }

  /** {@code body} {@code times} times, then return: a call whose effects are kept. */
  private static Pattern repeated(String name, String description, int times, Consumer<Code> body) {
    Code c = new Code();
    c.loop(Code.VOID);
    body.accept(c);
    c.localGet(0).i32(1).op(0x6A).localTee(0).i32(times).op(0x48).brIf(0);
    c.end();
    return pattern(name, description, c, true);
  }

  private static Pattern calls() {
    return loop("calls", "call of an empty function", c -> c.call(EMPTY));
  }

  private static Pattern memoryGrow() {
    Code c = new Code();
    c.i32(MAX_PAGES - INITIAL_PAGES).memoryGrow().drop();
    c.loop(Code.VOID);
    c.localGet(0).i32(65_536).op(0x6C).i32(1).i32Store(0);
    c.localGet(0).i32(1).op(0x6A).localTee(0).i32(MAX_PAGES).op(0x48).brIf(0);
    c.end();
    return pattern(MEMORY_GROW, "memory.grow to 16 MiB, one store per page, return", c, true);
  }

  private static Pattern memoryAccess() {
    Code c = new Code();
    c.i32(MAX_PAGES - INITIAL_PAGES).memoryGrow().drop();
    c.loop(Code.VOID);
    // address = (address + 32,776) & (16 MiB - 8): a new page for almost every access
    c.localGet(0).i32(32_776).op(0x6A).i32(0xFF_FFF8).op(0x71).localTee(0);
    c.localGet(0).i64Load(0).i64(1).op(0x7C).i64Store(0);
    c.br(0).end();
    return pattern("memory-access", "i64.load and i64.store across 16 MiB of memory", c, false);
  }

  private static Pattern bulk(String name, String description, int subOpcode) {
    Code c = new Code();
    c.i32(MAX_PAGES - INITIAL_PAGES).memoryGrow().drop();
    c.loop(Code.VOID);
    if (subOpcode == 0x0A) {
      c.i32(1).i32(0).i32(8 << 20).memoryCopy();
    } else {
      c.i32(0).i32(7).i32(16 << 20).op(0xFC).op(0x0B).op(0x00);
    }
    c.br(0).end();
    return pattern(name, description, c, false);
  }

  private static void nextKey(Code c) {
    c.i32(KEY).localGet(0).i32(1).op(0x6A).i32Store(0);
  }

  private static void cycleKey(Code c, int modulo) {
    c.i32(KEY).localGet(0).i32(modulo).op(0x70).i32(1).op(0x6A).i32Store(0);
  }

  private static Pattern pattern(String name, String description, Code run, boolean finite) {
    WasmModuleWriter w = new WasmModuleWriter();
    for (HostImport h : HostImport.values()) {
      w.importFunction(HostImport.MODULE, h.importName(), h.signature());
    }
    byte[] i32 = {Code.I32};
    var none = new WasmModuleWriter.Signature(new byte[0], new byte[0]);
    int heap = w.globalI32(HEAP);
    Code alloc =
        new Code()
            .globalGet(heap)
            .localSet(1)
            .globalGet(heap)
            .localGet(0)
            .op(0x6A)
            .globalSet(heap)
            .localGet(1);
    w.function(ALLOC, new WasmModuleWriter.Signature(i32, i32), i32, alloc.bytes());
    w.function(RUN, none, i32, run.bytes());
    w.function(FILL, none, i32, fill().bytes());
    w.function(EMPTY, none, new byte[0], new byte[0]);
    w.memory(INITIAL_PAGES);
    w.exportFunction("alloc", ALLOC);
    w.exportFunction("action.run", RUN);
    w.exportFunction("action.fill", FILL);
    w.data(WORD_A, filled(32, 0xFF));
    w.data(WORD_B, filled(16, 0xAB));
    w.data(FIELDS, littleEndian(BLOB));
    w.data(BLOB, littleEndian(BLOB_BYTES));
    return new Pattern(name, description, bundle(w.toBytes()), finite);
  }

  /** Stores words at keys 1..FILLED_WORDS, then 64 KiB values at keys 1..FILLED_BLOBS. */
  private static Code fill() {
    Code c = new Code();
    c.loop(Code.VOID);
    nextKey(c);
    c.i32(KEY).i32(WORD_A).call(imported(HostImport.STORAGE_WRITE));
    c.localGet(0).i32(1).op(0x6A).localTee(0).i32(FILLED_WORDS).op(0x48).brIf(0);
    c.end();
    c.i32(0).localSet(0);
    c.loop(Code.VOID);
    nextKey(c);
    c.i32(KEY).i32(BLOB).call(imported(HostImport.STORAGE_WRITE_BYTES));
    c.localGet(0).i32(1).op(0x6A).localTee(0).i32(FILLED_BLOBS).op(0x48).brIf(0);
    c.end();
    return c;
  }

  private static Bundle bundle(byte[] wasm) {
    String signature = "Blob(bytes)";
    Abi.EventDef blob =
        new Abi.EventDef(
            "Blob",
            signature,
            AbiBuilder.topic(signature),
            List.of(new Abi.EventField("data", "bytes", false)));
    List<Abi.FunctionDef> actions =
        List.of(
            new Abi.FunctionDef("run", List.of(), Optional.empty()),
            new Abi.FunctionDef("fill", List.of(), Optional.empty()));
    Abi abi =
        new Abi(
            "Pattern",
            List.of(),
            List.of(),
            Optional.empty(),
            actions,
            List.of(),
            List.of(blob),
            List.of());
    return new Bundle(AbiJson.write(abi), Bytes.wrap(wasm), new TreeMap<>());
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] littleEndian(int value) {
    return new byte[] {
      (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)
    };
  }
}
