package io.parley.node.rpc;

import io.parley.base.tx.SignedTransaction;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.contract.QueryLimits;
import io.parley.node.mempool.Mempool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Every method the node serves, in one list (documented in docs/rpc.md and rpc.discover). */
public final class RpcApi {
  private RpcApi() {}

  public static List<RpcMethod> methods(
      Blockchain chain,
      Mempool mempool,
      String clientVersion,
      OpenRpcDocument document,
      Subscriptions subscriptions,
      Consumer<SignedTransaction> onAccepted) {
    return methods(
        chain, mempool, clientVersion, document, subscriptions, onAccepted, QueryLimits.DEFAULTS);
  }

  /** As above, views and estimates bounded by {@code limits} (ADR 0045). */
  public static List<RpcMethod> methods(
      Blockchain chain,
      Mempool mempool,
      String clientVersion,
      OpenRpcDocument document,
      Subscriptions subscriptions,
      Consumer<SignedTransaction> onAccepted,
      QueryLimits limits) {
    List<RpcMethod> all = new ArrayList<>();
    all.addAll(new ChainRpcMethods(chain, limits).methods());
    all.addAll(new ParleyRpcMethods(chain, mempool, document, onAccepted).methods());
    all.addAll(new ContractRpcMethods(chain, limits).methods());
    all.addAll(new ZkRpcMethods(chain).methods());
    all.addAll(new EthereumRpcMethods(chain, clientVersion).methods());
    all.addAll(new SubscriptionRpcMethods(subscriptions).methods());
    return List.copyOf(all);
  }
}
