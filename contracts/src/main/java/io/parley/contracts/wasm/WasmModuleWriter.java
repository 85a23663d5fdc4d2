package io.parley.contracts.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles a WebAssembly 1.0 binary module (plus bulk-memory copy): types, function imports, one
 * memory, i32 globals, exports, code and active data segments. Function indices count imports
 * first.
 */
public final class WasmModuleWriter {
  /** A function signature: parameter and result value types. */
  public record Signature(byte[] params, byte[] results) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s
          && Arrays.equals(params, s.params)
          && Arrays.equals(results, s.results);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(params) * 31 + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
      return Arrays.toString(params) + "->" + Arrays.toString(results);
    }
  }

  private record Import(String module, String name, int type) {}

  private record Function(int type, byte[] locals, byte[] body) {}

  private record Export(String name, int kind, int index) {}

  private record Data(int offset, byte[] bytes) {}

  private final List<Signature> types = new ArrayList<>();
  private final List<Import> imports = new ArrayList<>();
  private final List<Function> functions = new ArrayList<>();
  private final List<Export> exports = new ArrayList<>();
  private final List<Integer> globals = new ArrayList<>();
  private final List<Data> data = new ArrayList<>();
  private int memoryPages = 1;

  public int type(Signature signature) {
    int index = types.indexOf(signature);
    if (index >= 0) {
      return index;
    }
    types.add(signature);
    return types.size() - 1;
  }

  /** Adds a function import; must precede every defined function. Returns its index. */
  public int importFunction(String module, String name, Signature signature) {
    if (!functions.isEmpty()) {
      throw new IllegalStateException("imports must be added before functions");
    }
    imports.add(new Import(module, name, type(signature)));
    return imports.size() - 1;
  }

  /** Adds a function at the next index, which must equal {@code expectedIndex}. */
  public void function(int expectedIndex, Signature signature, byte[] extraLocals, byte[] body) {
    if (imports.size() + functions.size() != expectedIndex) {
      throw new IllegalStateException(
          "function index "
              + expectedIndex
              + " but next is "
              + (imports.size() + functions.size()));
    }
    functions.add(new Function(type(signature), extraLocals.clone(), body.clone()));
  }

  public void exportFunction(String name, int index) {
    exports.add(new Export(name, 0, index));
  }

  public void memory(int minimumPages) {
    this.memoryPages = minimumPages;
    exports.add(new Export("memory", 2, 0));
  }

  /** A mutable i32 global with an initial value; returns its index. */
  public int globalI32(int initial) {
    globals.add(initial);
    return globals.size() - 1;
  }

  public void data(int offset, byte[] bytes) {
    data.add(new Data(offset, bytes.clone()));
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
    section(out, 1, typeSection());
    section(out, 2, importSection());
    section(out, 3, functionSection());
    section(out, 5, memorySection());
    section(out, 6, globalSection());
    section(out, 7, exportSection());
    section(out, 10, codeSection());
    section(out, 11, dataSection());
    return out.toByteArray();
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] content) {
    out.write(id);
    Leb.unsigned(out, content.length);
    out.writeBytes(content);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    Leb.unsigned(out, b.length);
    out.writeBytes(b);
  }

  private byte[] typeSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, types.size());
    for (Signature s : types) {
      out.write(0x60);
      Leb.unsigned(out, s.params().length);
      out.writeBytes(s.params());
      Leb.unsigned(out, s.results().length);
      out.writeBytes(s.results());
    }
    return out.toByteArray();
  }

  private byte[] importSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, imports.size());
    for (Import i : imports) {
      name(out, i.module());
      name(out, i.name());
      out.write(0x00);
      Leb.unsigned(out, i.type());
    }
    return out.toByteArray();
  }

  private byte[] functionSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, functions.size());
    for (Function f : functions) {
      Leb.unsigned(out, f.type());
    }
    return out.toByteArray();
  }

  private byte[] memorySection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, 1);
    out.write(0x00);
    Leb.unsigned(out, memoryPages);
    return out.toByteArray();
  }

  private byte[] globalSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, globals.size());
    for (int initial : globals) {
      out.write(Code.I32);
      out.write(0x01);
      out.write(0x41);
      Leb.signed(out, initial);
      out.write(0x0B);
    }
    return out.toByteArray();
  }

  private byte[] exportSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, exports.size());
    for (Export e : exports) {
      name(out, e.name());
      out.write(e.kind());
      Leb.unsigned(out, e.index());
    }
    return out.toByteArray();
  }

  private byte[] codeSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, functions.size());
    for (Function f : functions) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      // Locals, run-length encoded by type.
      List<int[]> runs = new ArrayList<>();
      for (byte t : f.locals()) {
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == t) {
          runs.get(runs.size() - 1)[0]++;
        } else {
          runs.add(new int[] {1, t});
        }
      }
      Leb.unsigned(body, runs.size());
      for (int[] run : runs) {
        Leb.unsigned(body, run[0]);
        body.write(run[1]);
      }
      body.writeBytes(f.body());
      body.write(0x0B);
      Leb.unsigned(out, body.size());
      out.writeBytes(body.toByteArray());
    }
    return out.toByteArray();
  }

  private byte[] dataSection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Leb.unsigned(out, data.size());
    for (Data d : data) {
      out.write(0x00);
      out.write(0x41);
      Leb.signed(out, d.offset());
      out.write(0x0B);
      Leb.unsigned(out, d.bytes().length);
      out.writeBytes(d.bytes());
    }
    return out.toByteArray();
  }
}
