package io.parley.contracts.wasm;

import java.io.ByteArrayOutputStream;

/** A WebAssembly instruction sequence being written (binary format, spec section 5.4). */
public final class Code {
  public static final byte I32 = 0x7F;
  public static final byte I64 = 0x7E;
  public static final byte VOID = 0x40;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public byte[] bytes() {
    return out.toByteArray();
  }

  public Code op(int opcode) {
    out.write(opcode);
    return this;
  }

  public Code i32(int value) {
    out.write(0x41);
    Leb.signed(out, value);
    return this;
  }

  public Code i64(long value) {
    out.write(0x42);
    Leb.signed(out, value);
    return this;
  }

  public Code localGet(int index) {
    return withIndex(0x20, index);
  }

  public Code localSet(int index) {
    return withIndex(0x21, index);
  }

  public Code localTee(int index) {
    return withIndex(0x22, index);
  }

  public Code globalGet(int index) {
    return withIndex(0x23, index);
  }

  public Code globalSet(int index) {
    return withIndex(0x24, index);
  }

  public Code call(int function) {
    return withIndex(0x10, function);
  }

  public Code block(byte type) {
    out.write(0x02);
    out.write(type);
    return this;
  }

  public Code loop(byte type) {
    out.write(0x03);
    out.write(type);
    return this;
  }

  public Code ifThen(byte type) {
    out.write(0x04);
    out.write(type);
    return this;
  }

  public Code elseBranch() {
    return op(0x05);
  }

  public Code end() {
    return op(0x0B);
  }

  public Code br(int depth) {
    return withIndex(0x0C, depth);
  }

  public Code brIf(int depth) {
    return withIndex(0x0D, depth);
  }

  public Code ret() {
    return op(0x0F);
  }

  public Code unreachable() {
    return op(0x00);
  }

  public Code drop() {
    return op(0x1A);
  }

  /** A load or store with its alignment exponent and constant offset. */
  public Code memory(int opcode, int alignLog2, int offset) {
    out.write(opcode);
    Leb.unsigned(out, alignLog2);
    Leb.unsigned(out, offset);
    return this;
  }

  public Code i32Load(int offset) {
    return memory(0x28, 2, offset);
  }

  public Code i64Load(int offset) {
    return memory(0x29, 3, offset);
  }

  public Code i32Load8u(int offset) {
    return memory(0x2D, 0, offset);
  }

  public Code i32Store(int offset) {
    return memory(0x36, 2, offset);
  }

  public Code i64Store(int offset) {
    return memory(0x37, 3, offset);
  }

  public Code memorySize() {
    out.write(0x3F);
    out.write(0);
    return this;
  }

  public Code memoryGrow() {
    out.write(0x40);
    out.write(0);
    return this;
  }

  /** memory.copy (bulk memory): dst, src, n on the stack. */
  public Code memoryCopy() {
    out.write(0xFC);
    Leb.unsigned(out, 10);
    out.write(0);
    out.write(0);
    return this;
  }

  private Code withIndex(int opcode, int index) {
    out.write(opcode);
    Leb.unsigned(out, index);
    return this;
  }
}
