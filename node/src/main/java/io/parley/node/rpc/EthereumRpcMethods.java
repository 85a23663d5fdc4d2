package io.parley.node.rpc;

import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.state.Account;
import io.parley.node.chain.Blockchain;
import java.util.List;

/**
 * Ethereum-compatible read methods, with Ethereum's names, parameters and units: quantities are
 * hex, balances in base units (10^18 per PAR, as wei per ether), block parameters as elsewhere.
 */
public final class EthereumRpcMethods {
  private final Blockchain chain;
  private final String clientVersion;

  public EthereumRpcMethods(Blockchain chain, String clientVersion) {
    this.chain = chain;
    this.clientVersion = clientVersion;
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod(
            "eth_chainId", List.of(), 0, p -> TextNode.valueOf(JsonViews.quantity(chainId()))),
        new RpcMethod("net_version", List.of(), 0, p -> TextNode.valueOf(Long.toString(chainId()))),
        new RpcMethod("web3_clientVersion", List.of(), 0, p -> TextNode.valueOf(clientVersion)),
        new RpcMethod(
            "eth_blockNumber",
            List.of(),
            0,
            p -> TextNode.valueOf(JsonViews.quantity(chain.head().height()))),
        new RpcMethod(
            "eth_getBalance",
            List.of("address", "block"),
            1,
            p -> TextNode.valueOf(JsonViews.quantity(account(p).balance()))),
        new RpcMethod(
            "eth_getTransactionCount",
            List.of("address", "block"),
            1,
            p -> TextNode.valueOf(JsonViews.quantity(account(p).nonce()))),
        new RpcMethod(
            "eth_gasPrice",
            List.of(),
            0,
            p -> TextNode.valueOf(JsonViews.quantity(chain.config().execution().minGasPrice()))));
  }

  private long chainId() {
    return chain.config().chainId();
  }

  private Account account(Params p) throws RpcException {
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    return chain.account(p.address(0), at);
  }
}
