package io.parley.contracts.wasm;

import static io.parley.contracts.wasm.Code.I32;
import static io.parley.contracts.wasm.Code.I64;

import java.util.Optional;

/**
 * The host API a contract module may import, all from module {@code "parley"} (ADR 0031). Words are
 * 32-byte little-endian two's complement values in linear memory; {@code bytes} values are a 4-byte
 * little-endian length followed by the data.
 */
public enum HostImport {
  STORAGE_READ("storage_read", sig(I32, I32)),
  STORAGE_WRITE("storage_write", sig(I32, I32)),
  STORAGE_BYTES_LEN("storage_bytes_len", sig(I32).returning(I32)),
  STORAGE_READ_BYTES("storage_read_bytes", sig(I32, I32)),
  STORAGE_WRITE_BYTES("storage_write_bytes", sig(I32, I32)),
  MAP_KEY("map_key", sig(I32, I32, I32)),
  MAP_KEY_BYTES("map_key_bytes", sig(I32, I32, I32)),
  KECCAK("keccak", sig(I32, I32)),
  CALLER("caller", sig(I32)),
  SELF("self", sig(I32)),
  VALUE("value", sig(I32)),
  BALANCE("balance", sig(I32, I32)),
  BLOCK_HEIGHT("block_height", sig().returning(I64)),
  BLOCK_TIME("block_time", sig().returning(I64)),
  EMIT("emit", sig(I32, I32)),
  TRANSFER("transfer", sig(I32, I32)),
  ABORT("abort", sig(I32, I32)),
  WIDE_OP("wide_op", sig(I32, I32, I32, I32, I32)),
  WIDE_CMP("wide_cmp", sig(I32, I32, I32).returning(I32)),
  WIDE_CAST("wide_cast", sig(I32, I32, I32, I32)),
  WIDE_TO_SMALL("wide_to_small", sig(I32, I32, I32).returning(I64));

  public static final String MODULE = "parley";

  /** Operation codes of {@code wide_op}. */
  public static final int OP_ADD = 0;

  public static final int OP_SUB = 1;
  public static final int OP_MUL = 2;
  public static final int OP_DIV = 3;
  public static final int OP_REM = 4;
  public static final int OP_AND = 5;
  public static final int OP_OR = 6;
  public static final int OP_XOR = 7;
  public static final int OP_SHL = 8;
  public static final int OP_SHR = 9;

  private final String importName;
  private final WasmModuleWriter.Signature signature;

  HostImport(String importName, SigBuilder sig) {
    this.importName = importName;
    this.signature = sig.build();
  }

  public String importName() {
    return importName;
  }

  public WasmModuleWriter.Signature signature() {
    return signature;
  }

  public static Optional<HostImport> byName(String name) {
    for (HostImport h : values()) {
      if (h.importName.equals(name)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** Integer type code passed to the wide operations: bits, plus 0x1000 if signed. */
  public static int typeCode(int bits, boolean signed) {
    return bits | (signed ? 0x1000 : 0);
  }

  private static SigBuilder sig(byte... params) {
    return new SigBuilder(params, new byte[0]);
  }

  private record SigBuilder(byte[] params, byte[] results) {
    SigBuilder returning(byte result) {
      return new SigBuilder(params, new byte[] {result});
    }

    WasmModuleWriter.Signature build() {
      return new WasmModuleWriter.Signature(params, results);
    }
  }
}
