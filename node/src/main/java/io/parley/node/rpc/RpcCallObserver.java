package io.parley.node.rpc;

/**
 * Told of every JSON-RPC call the {@link JsonRpcProcessor} executed, over HTTP or WebSocket, for
 * the node's metrics. Called on an RPC worker thread: implementations must be quick.
 */
public interface RpcCallObserver {
  /** Reports nothing. */
  RpcCallObserver NONE = (method, failed, nanos) -> {};

  /**
   * @param method the method name as the caller sent it (possibly not a method of the node)
   * @param failed whether the call was answered with a JSON-RPC error
   * @param nanos time spent executing the call (not waiting for a worker)
   */
  void called(String method, boolean failed, long nanos);
}
