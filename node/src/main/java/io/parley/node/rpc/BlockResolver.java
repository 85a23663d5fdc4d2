package io.parley.node.rpc;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.node.chain.Blockchain;

/** Resolves a block parameter to a committed header, or fails with 4040. */
final class BlockResolver {
  private BlockResolver() {}

  static BlockHeader resolve(Blockchain chain, Params.BlockSelector selector) throws RpcException {
    return switch (selector) {
      case Params.BlockSelector.Latest latest -> chain.head();
      case Params.BlockSelector.Number number ->
          chain
              .blockByHeight(number.height())
              .map(Block::header)
              .orElseThrow(
                  () ->
                      new RpcException(
                          RpcErrors.BLOCK_NOT_FOUND,
                          "block "
                              + number.height()
                              + " not found (head is "
                              + chain.head().height()
                              + ")"));
    };
  }
}
