package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The validators' RPC endpoints a bench sends to, with failover: an endpoint that cannot be reached
 * (a validator killed or stopped) is marked down, with the time it was found down, and its calls go
 * to the next endpoint that answers. A call fails only when none does.
 */
final class BenchEndpoints {
  /** A call to one endpoint. */
  interface Call<T> {
    T on(RpcClient client) throws RpcClientException;
  }

  private final List<RpcClient> clients;
  private final long start;
  private final ConcurrentHashMap<Integer, Long> down = new ConcurrentHashMap<>();

  BenchEndpoints(List<RpcClient> clients, long startNanos) {
    this.clients = List.copyOf(clients);
    this.start = startNanos;
  }

  int size() {
    return clients.size();
  }

  /**
   * {@code call} on endpoint {@code preferred} (modulo the count), or on the next one up when it
   * cannot be reached; an answer with a JSON-RPC error is the endpoint's answer, not a failover.
   */
  <T> T call(int preferred, Call<T> call) throws RpcClientException {
    RpcClientException last = null;
    for (int k = 0; k < clients.size(); k++) {
      int i = Math.floorMod(preferred + k, clients.size());
      if (down.containsKey(i) && k < clients.size() - 1) {
        continue;
      }
      try {
        return call.on(clients.get(i));
      } catch (RpcClientException e) {
        if (e.code() != 0) {
          throw e;
        }
        down.putIfAbsent(i, System.nanoTime());
        last = e;
      }
    }
    throw last != null ? last : new RpcClientException(0, "no validator endpoint answers");
  }

  /** A read on the first endpoint that answers. */
  JsonNode call(String method, Object... params) throws RpcClientException {
    return call(0, c -> c.call(method, params));
  }

  /** The endpoints found down, each with the seconds into the run it was found down. */
  List<String> downReport() {
    List<String> out = new ArrayList<>();
    down.forEach(
        (i, at) -> out.add(String.format("validator %d (from %.1f s)", i, (at - start) / 1e9)));
    return out;
  }
}
