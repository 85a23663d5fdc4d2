package io.parley.zk.computation;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A {@link MemberStore} in memory: for tests, benchmarks and the in-process committee. It keeps the
 * arrays it is given (the door never changes a value it has put) and hands out copies.
 */
public final class InMemoryMemberStore implements MemberStore {
  private final Map<Bytes32, Map<String, byte[]>> values = new HashMap<>();

  @Override
  public synchronized Optional<byte[]> get(Bytes32 scope, String name) {
    byte[] v = values.getOrDefault(scope, Map.of()).get(name);
    return Optional.ofNullable(v).map(byte[]::clone);
  }

  @Override
  public synchronized void put(Bytes32 scope, String name, byte[] value) {
    values.computeIfAbsent(scope, s -> new HashMap<>()).put(name, value);
  }

  @Override
  public synchronized void forget(Bytes32 scope) {
    values.remove(scope);
  }

  /** Number of values kept under {@code scope}. */
  public synchronized int size(Bytes32 scope) {
    return values.getOrDefault(scope, Map.of()).size();
  }
}
