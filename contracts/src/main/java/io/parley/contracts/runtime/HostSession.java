package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.wasm.HostImport;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** The host functions of one call: gas, pending state, events; deterministic by construction. */
final class HostSession {
  private static final int MAX_MESSAGE = 256;

  private final LoadedContract contract;
  private final CallContext context;
  private final GasSchedule gas;
  private final GasMeter meter;
  private final PendingState state;
  private final List<Event> events = new ArrayList<>();

  HostSession(
      LoadedContract contract,
      ContractHost host,
      CallContext context,
      GasSchedule gas,
      GasMeter meter) {
    this.contract = contract;
    this.context = context;
    this.gas = gas;
    this.meter = meter;
    this.state = new PendingState(host, context.contract());
  }

  GasMeter meter() {
    return meter;
  }

  PendingState state() {
    return state;
  }

  List<Event> events() {
    return events;
  }

  ImportValues imports() {
    ImportValues.Builder b = ImportValues.builder();
    for (HostImport h : HostImport.values()) {
      b.addFunction(
          new HostFunction(
              HostImport.MODULE,
              h.importName(),
              ModuleValidator.functionType(h.signature()),
              handle(h)));
    }
    return b.build();
  }

  private WasmFunctionHandle handle(HostImport h) {
    return (instance, args) -> dispatch(h, instance.memory(), args);
  }

  private long[] dispatch(HostImport h, Memory m, long[] a) {
    meter.charge(gas.hostCall());
    switch (h) {
      case STORAGE_READ -> {
        meter.charge(gas.storageRead() + gas.storagePerWord());
        Optional<Bytes> v = state.get(key(m, a[0]));
        BigInteger word = v.map(b -> new BigInteger(b.toArrayUnsafe())).orElse(BigInteger.ZERO);
        Words.write(m, (int) a[1], word);
        return null;
      }
      case STORAGE_WRITE -> {
        writable("write storage");
        meter.charge(gas.storageWrite() + gas.storagePerWord());
        BigInteger word = Words.read(m, (int) a[1], true);
        state.set(
            key(m, a[0]),
            word.signum() == 0 ? Optional.empty() : Optional.of(Bytes.wrap(Words.bigEndian(word))));
        return null;
      }
      case STORAGE_BYTES_LEN -> {
        meter.charge(gas.storageRead());
        return new long[] {state.get(key(m, a[0])).map(Bytes::size).orElse(0)};
      }
      case STORAGE_READ_BYTES -> {
        meter.charge(gas.storageRead());
        Bytes v = state.get(key(m, a[0])).orElse(Bytes.EMPTY);
        meter.charge(gas.storagePerWord() * words(v.size()));
        m.write((int) a[1], v.toArrayUnsafe());
        return null;
      }
      case STORAGE_WRITE_BYTES -> {
        writable("write storage");
        Bytes v = MemoryValues.readBytes(m, (int) a[1]);
        meter.charge(gas.storageWrite() + gas.storagePerWord() * words(v.size()));
        state.set(key(m, a[0]), v.isEmpty() ? Optional.empty() : Optional.of(v.copy()));
        return null;
      }
      case MAP_KEY -> {
        meter.charge(gas.mapKey());
        BigInteger word = Words.read(m, (int) a[1], true);
        Bytes32 child = Hashing.keccak256(key(m, a[0]), Bytes.wrap(Words.bigEndian(word)));
        m.write((int) a[2], child.toArrayUnsafe());
        return null;
      }
      case MAP_KEY_BYTES -> {
        Bytes v = MemoryValues.readBytes(m, (int) a[1]);
        meter.charge(gas.mapKey() + gas.keccakPerWord() * words(v.size()));
        m.write((int) a[2], Hashing.keccak256(key(m, a[0]), Hashing.keccak256(v)).toArrayUnsafe());
        return null;
      }
      case KECCAK -> {
        Bytes v = MemoryValues.readBytes(m, (int) a[0]);
        meter.charge(gas.keccak() + gas.keccakPerWord() * words(v.size()));
        Words.write(m, (int) a[1], new BigInteger(1, Hashing.keccak256(v).toArrayUnsafe()));
        return null;
      }
      case CALLER -> {
        return context(m, a[0], MemoryValues.word(context.caller()));
      }
      case SELF -> {
        return context(m, a[0], MemoryValues.word(context.contract()));
      }
      case VALUE -> {
        return context(m, a[0], context.value().toUnsignedBigInteger());
      }
      case BALANCE -> {
        meter.charge(gas.balance());
        Address who = MemoryValues.address(Words.read(m, (int) a[0], false));
        Words.write(m, (int) a[1], state.balance(who));
        return null;
      }
      case BLOCK_HEIGHT -> {
        meter.charge(gas.context());
        return new long[] {context.blockHeight()};
      }
      case BLOCK_TIME -> {
        meter.charge(gas.context());
        return new long[] {context.blockTimeMillis()};
      }
      case EMIT -> {
        emit(m, (int) a[0], (int) a[1]);
        return null;
      }
      case TRANSFER -> {
        writable("transfer value");
        meter.charge(gas.transfer());
        Address to = MemoryValues.address(Words.read(m, (int) a[0], false));
        BigInteger amount = Words.read(m, (int) a[1], false);
        state.transfer(to, UInt256.valueOf(amount));
        return null;
      }
      case ABORT -> {
        int length = (int) Math.min(Math.max(a[1], 0), MAX_MESSAGE);
        byte[] message = m.readBytes((int) a[0], length);
        throw new ContractFailure(new String(message, StandardCharsets.UTF_8));
      }
      default -> {
        meter.charge(gas.wideOperation());
        return WideArithmetic.apply(h, m, a);
      }
    }
  }

  private long[] context(Memory m, long out, BigInteger value) {
    meter.charge(gas.context());
    Words.write(m, (int) out, value);
    return null;
  }

  private void writable(String what) {
    if (context.readOnly()) {
      throw new ContractFailure("a view cannot " + what);
    }
  }

  private static Bytes32 key(Memory m, long pointer) {
    return Bytes32.wrap(m.readBytes((int) pointer, 32));
  }

  private static long words(int bytes) {
    return (bytes + 31L) / 32;
  }

  private void emit(Memory m, int index, int fields) {
    writable("emit events");
    List<Abi.EventDef> defs = contract.abi().events();
    if (index < 0 || index >= defs.size()) {
      throw new ContractFailure("emit of unknown event " + index);
    }
    Abi.EventDef def = defs.get(index);
    List<Bytes32> topics = new ArrayList<>();
    topics.add(Bytes32.fromHexString(def.topic()));
    List<Type> dataTypes = new ArrayList<>();
    List<Object> dataValues = new ArrayList<>();
    for (int i = 0; i < def.fields().size(); i++) {
      Abi.EventField f = def.fields().get(i);
      Type t = contract.types().parse(f.type());
      Object value = MemoryValues.read(m, t, fields + 32 * i);
      if (f.indexed()) {
        topics.add(topic(t, value));
      } else {
        dataTypes.add(t);
        dataValues.add(value);
      }
    }
    Bytes data = Values.encodeList(dataTypes, dataValues);
    meter.charge(gas.event() + gas.eventPerByte() * data.size());
    events.add(new Event(context.contract(), topics, data));
  }

  static Bytes32 topic(Type t, Object value) {
    return switch (value) {
      case Bytes b -> Hashing.keccak256(b);
      case Address a -> Bytes32.leftPad(a.bytes());
      case Boolean b -> Bytes32.leftPad(Bytes.of(b ? 1 : 0));
      case BigInteger v -> Bytes32.wrap(Words.bigEndian(v));
      default -> throw new IllegalArgumentException("no topic for " + t.show());
    };
  }
}
