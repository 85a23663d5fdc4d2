package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One JSON-RPC method: its parameter names (for by-name calls) and its implementation. */
public record RpcMethod(
    String name, List<String> parameterNames, int requiredParameters, Handler handler) {

  /** The method body; it receives parameters already mapped to positions. */
  @FunctionalInterface
  public interface Handler {
    JsonNode call(Params params) throws RpcException;
  }
}
