package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.Receipt;
import io.parley.base.tx.Transaction;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.TransactionOutcome;
import io.parley.node.execution.contract.QueryLimits;
import java.util.List;
import java.util.Optional;

/**
 * What a client needs to know about the chain before it sends: identity, the validator set (to
 * check certificates), the fee and size parameters, and gas estimates.
 */
public final class ChainRpcMethods {
  public static final int EXECUTION_FAILS = 4052;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Blockchain chain;
  private final QueryLimits limits;

  public ChainRpcMethods(Blockchain chain) {
    this(chain, QueryLimits.DEFAULTS);
  }

  public ChainRpcMethods(Blockchain chain, QueryLimits limits) {
    this.chain = chain;
    this.limits = limits;
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod("chain_id", List.of(), 0, p -> chainId()),
        new RpcMethod("chain_getValidators", List.of("block"), 0, this::validators),
        new RpcMethod("chain_getParameters", List.of(), 0, p -> parameters()),
        new RpcMethod("tx_estimateGas", List.of("transaction", "block"), 1, this::estimateGas));
  }

  private JsonNode chainId() {
    ObjectNode n = JSON.objectNode();
    n.put("chainId", JsonViews.quantity(chain.config().chainId()));
    n.put("genesisHash", chain.blockByHeight(0).orElseThrow().hash().toHexString());
    n.put("validators", chain.config().validators().size());
    return n;
  }

  /** The set is fixed at genesis, so every committed block has the genesis validators. */
  private JsonNode validators(Params p) throws RpcException {
    BlockHeader at = BlockResolver.resolve(chain, p.block(0));
    return JsonViews.validators(chain.config().validators(), at);
  }

  private JsonNode parameters() {
    return JsonViews.parameters(
        chain.config(), chain.executor().processor().gasSchedule(), limits.gas());
  }

  private JsonNode estimateGas(Params p) throws RpcException {
    TransactionDraft draft = TransactionDraft.parse("tx_estimateGas", p.required(0));
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    Transaction tx;
    try {
      tx =
          draft.toTransaction(
              chain.config().chainId(),
              chain.config().consensus().maxBlockGas(),
              chain.account(draft.from(), at).nonce());
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("tx_estimateGas: " + e.getMessage());
    }
    return switch (chain.executor().estimate(at, tx, draft.from(), limits.deadlineFromNow())) {
      case TransactionOutcome.Rejected rejected ->
          throw new RpcException(
              rejected.rejection().reason().code(), rejected.rejection().message());
      case TransactionOutcome.Executed executed -> gasUsed(executed.receipt());
      // a lone transaction always fits a block's code-load budget (ADR 0050)
      case TransactionOutcome.Deferred deferred ->
          throw new RpcException(RpcErrors.INTERNAL_ERROR, "tx_estimateGas: " + deferred.reason());
    };
  }

  private JsonNode gasUsed(Receipt receipt) throws RpcException {
    if (receipt.failureReason().filter(ContractRuntime.DEADLINE_PASSED::equals).isPresent()) {
      throw new RpcException(
          RpcErrors.QUERY_STOPPED,
          "tx_estimateGas: stopped after "
              + limits.timeoutMillis()
              + " ms (--rpc-query-timeout-millis), having used "
              + receipt.gasUsed()
              + " gas");
    }
    if (!receipt.success()) {
      ObjectNode data = JSON.objectNode();
      data.put("gasUsed", JsonViews.quantity(receipt.gasUsed()));
      data.put("failureReason", receipt.failureReason().orElseThrow());
      throw new RpcException(
          EXECUTION_FAILS,
          "the transaction would fail: " + receipt.failureReason().orElseThrow(),
          Optional.of(data));
    }
    return TextNode.valueOf(JsonViews.quantity(receipt.gasUsed()));
  }
}
