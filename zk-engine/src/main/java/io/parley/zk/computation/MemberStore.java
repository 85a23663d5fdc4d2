package io.parley.zk.computation;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a member keeps between the phases of its computations, so that a member restarted between
 * two phases resumes where it stopped: the output of every finished phase (checked preprocessing,
 * random bits, the verdict of the input check) under the computation's id, and keys agreed once per
 * committee (PRSS keys, rep4 PRG keys) under the committee's id ({@link Protocols#committeeId}).
 * Values are secret: an implementation keeps them where only the member reads them. The node backs
 * it with RocksDB; {@link InMemoryMemberStore} serves tests and benchmarks.
 */
public interface MemberStore {
  Optional<byte[]> get(Bytes32 scope, String name);

  /** Stores the value; it is durable when the call returns. */
  void put(Bytes32 scope, String name, byte[] value);

  /** Drops everything kept under {@code scope} (a computation that ended). */
  void forget(Bytes32 scope);
}
