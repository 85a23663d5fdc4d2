package io.parley.node.mpc;

import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.zk.computation.MemberStore;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.rep4.Shares;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A member's shares of a contract's secret state, kept in its store between computations under
 * (contract, state variable) in {@link ShareVector#encode()}'s bytes.
 */
final class StateShares {
  private StateShares() {}

  /** Keeps {@code state} under {@code scope} (an attempt's pending scope until it is final). */
  static void save(MemberStore store, Bytes32 scope, Map<String, ShareVector> state) {
    state.forEach((name, shares) -> store.put(scope, name, shares.encode()));
  }

  /** The state inputs the function reads, as this member holds them (absent: the door's zeros). */
  static Map<String, ShareVector> load(
      MemberStore store,
      Address contract,
      ComputationInputs.Prepared prepared,
      int self,
      Protocol protocol) {
    Map<String, ShareVector> out = new LinkedHashMap<>();
    for (Abi.CircuitInput in : prepared.def().inputs()) {
      if (!in.kind().equals("state")) {
        continue;
      }
      store
          .get(MemberService.scope(contract), in.name())
          .ifPresent(b -> out.put(in.name(), decode(b, self, protocol)));
    }
    return out;
  }

  static ShareVector decode(byte[] bytes, int self, Protocol protocol) {
    if (protocol.inputFormat().name().startsWith("shamir")) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      FieldElement[] out = new FieldElement[bytes.length / FieldElement.BYTES];
      for (int i = 0; i < out.length; i++) {
        out[i] = new FieldElement(b.getLong(), b.getLong());
      }
      return new ShareVector.Field(out);
    }
    int n = bytes.length / 24;
    long[][] components = new long[4][];
    for (int k = 0; k < 4; k++) {
      components[k] = k == self ? null : new long[n];
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        if (k != self) {
          components[k][i] = b.getLong();
        }
      }
    }
    return new ShareVector.Replicated(Shares.of(self, components));
  }
}
