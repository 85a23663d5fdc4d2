package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.Memory;
import io.parley.base.types.Address;
import io.parley.contracts.check.Type;
import io.parley.contracts.wasm.Layout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.tuweni.bytes.Bytes;

/** Converts ABI values to and from the compiler's memory layout ({@link Layout}). */
final class MemoryValues {
  private MemoryValues() {}

  static Object read(Memory memory, Type type, int address) {
    return switch (type) {
      case Type.Int t -> Words.read(memory, address, t.signed());
      case Type.Bool b -> Words.read(memory, address, false).signum() != 0;
      case Type.AddressT a -> address(Words.read(memory, address, false));
      case Type.BytesT b -> readBytes(memory, memory.readInt(address));
      case Type.Array a -> {
        List<Object> out = new ArrayList<>();
        int size = Layout.size(a.element());
        for (int i = 0; i < a.length(); i++) {
          out.add(read(memory, a.element(), address + i * size));
        }
        yield List.copyOf(out);
      }
      case Type.Struct s -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < s.fields().size(); i++) {
          out.add(read(memory, s.fields().get(i).type(), address + Layout.fieldOffset(s, i)));
        }
        yield List.copyOf(out);
      }
      default -> throw new IllegalArgumentException("no memory value for " + type.show());
    };
  }

  static Bytes readBytes(Memory memory, int pointer) {
    int length = memory.readInt(pointer);
    if (length < 0 || length > 65536) {
      throw new ContractFailure("bytes value of invalid length " + length);
    }
    return Bytes.wrap(memory.readBytes(pointer + 4, length));
  }

  static Address address(BigInteger word) {
    byte[] be = Words.bigEndian(word);
    return new Address(Bytes.wrap(be, 12, 20).copy());
  }

  static BigInteger word(Address address) {
    return new BigInteger(1, address.bytes().toArrayUnsafe());
  }

  /** Writes a value at {@code address}; {@code alloc} provides memory for bytes contents. */
  static void write(Memory memory, Type type, Object value, int address, IntUnaryOperator alloc) {
    switch (type) {
      case Type.Int t -> Words.write(memory, address, (BigInteger) value);
      case Type.Bool b ->
          Words.write(memory, address, (Boolean) value ? BigInteger.ONE : BigInteger.ZERO);
      case Type.AddressT a -> Words.write(memory, address, word((Address) value));
      case Type.BytesT b -> memory.writeI32(address, writeBytes(memory, (Bytes) value, alloc));
      case Type.Array a -> {
        List<?> list = (List<?>) value;
        int size = Layout.size(a.element());
        for (int i = 0; i < a.length(); i++) {
          write(memory, a.element(), list.get(i), address + i * size, alloc);
        }
      }
      case Type.Struct s -> {
        List<?> list = (List<?>) value;
        for (int i = 0; i < s.fields().size(); i++) {
          write(
              memory,
              s.fields().get(i).type(),
              list.get(i),
              address + Layout.fieldOffset(s, i),
              alloc);
        }
      }
      default -> throw new IllegalArgumentException("no memory value for " + type.show());
    }
  }

  static int writeBytes(Memory memory, Bytes value, IntUnaryOperator alloc) {
    int pointer = alloc.applyAsInt(4 + value.size());
    memory.writeI32(pointer, value.size());
    memory.write(pointer + 4, value.toArrayUnsafe());
    return pointer;
  }
}
