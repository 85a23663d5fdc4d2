package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.JsonValues;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.contract.ContractReader;
import io.parley.node.execution.contract.QueryLimits;
import java.io.IOException;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;

/** Contract methods of the JSON-RPC API: contract_query, contract_getAbi, contract_getCode. */
public final class ContractRpcMethods {
  public static final int CONTRACT_NOT_FOUND = 4050;
  public static final int QUERY_FAILED = 4051;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Blockchain chain;
  private final ContractReader reader;

  public ContractRpcMethods(Blockchain chain) {
    this(chain, QueryLimits.DEFAULTS);
  }

  public ContractRpcMethods(Blockchain chain, QueryLimits limits) {
    this.chain = chain;
    this.reader = new ContractReader(chain.stateNodes(), new ContractRuntime(), limits);
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod(
            "contract_query", List.of("address", "function", "args", "block"), 2, this::query),
        new RpcMethod("contract_getAbi", List.of("address", "block"), 1, this::abi),
        new RpcMethod("contract_getCode", List.of("address", "block"), 1, this::code));
  }

  private BlockHeader at(Params p, int index) throws RpcException {
    return BlockResolver.resolve(chain, p.block(index));
  }

  private LoadedContract contract(Address address, BlockHeader at) throws RpcException {
    return reader
        .contract(at.stateRoot(), address)
        .orElseThrow(
            () ->
                new RpcException(
                    CONTRACT_NOT_FOUND, "no contract at " + address + " in block " + at.height()));
  }

  private JsonNode query(Params p) throws RpcException {
    Address address = p.address(0);
    String function = p.string(1);
    JsonNode args = p.optional(2).orElse(JSON.arrayNode());
    BlockHeader at = at(p, 3);
    LoadedContract contract = contract(address, at);
    Abi.FunctionDef view =
        contract
            .abi()
            .view(function)
            .orElseThrow(
                () ->
                    RpcException.invalidParams(
                        "contract_query: contract has no view '" + function + "'"));
    Bytes encoded;
    try {
      encoded = JsonValues.encodeArguments(contract.types(), view.inputs(), args);
    } catch (AbiException | IllegalArgumentException e) {
      throw RpcException.invalidParams("contract_query: " + e.getMessage());
    }
    CallResult r =
        reader.query(
            at.stateRoot(),
            contract,
            address,
            Address.ZERO,
            function,
            encoded,
            at.height(),
            at.timestamp());
    if (!r.success()) {
      throw failed(function, r);
    }
    ObjectNode n = JSON.objectNode();
    var type = contract.types().parse(view.output().orElseThrow());
    n.set("value", JsonValues.toJson(type, r.returnValue().orElseThrow()));
    n.put("raw", r.returnData().toHexString());
    n.put("gasUsed", JsonViews.quantity(r.gasUsed()));
    n.put("blockNumber", JsonViews.quantity(at.height()));
    return n;
  }

  /** 4053 for a view stopped at its deadline, 4051 for any other failure (out of gas included). */
  private RpcException failed(String function, CallResult r) {
    String reason = r.failureReason().orElseThrow();
    QueryLimits limits = reader.limits();
    if (reason.equals(ContractRuntime.DEADLINE_PASSED)) {
      return new RpcException(
          RpcErrors.QUERY_STOPPED,
          "view "
              + function
              + " stopped after "
              + limits.timeoutMillis()
              + " ms (--rpc-query-timeout-millis), having used "
              + r.gasUsed()
              + " gas");
    }
    if (reason.equals("out of gas")) {
      return new RpcException(
          QUERY_FAILED,
          "view "
              + function
              + " failed: out of gas (a query has "
              + limits.gas()
              + " gas, --rpc-query-gas)");
    }
    return new RpcException(QUERY_FAILED, "view " + function + " failed: " + reason);
  }

  private JsonNode abi(Params p) throws RpcException {
    LoadedContract contract = contract(p.address(0), at(p, 1));
    try {
      ObjectNode n = (ObjectNode) JsonRpcProcessor.MAPPER.readTree(contract.bundle().abiJson());
      n.put("codeHash", contract.codeHash().toHexString());
      return n;
    } catch (IOException e) {
      throw new RpcException(RpcErrors.INTERNAL_ERROR, "stored ABI is not JSON");
    }
  }

  private JsonNode code(Params p) throws RpcException {
    Address address = p.address(0);
    BlockHeader at = at(p, 1);
    LoadedContract contract = contract(address, at);
    Bundle bundle = contract.bundle();
    ObjectNode n = JSON.objectNode();
    n.put("address", address.toHexString());
    n.put("codeHash", contract.codeHash().toHexString());
    n.put("bundle", bundle.encode().toHexString());
    n.put("wasm", bundle.wasm().toHexString());
    ObjectNode circuits = n.putObject("circuits");
    bundle.circuits().forEach(circuits::put);
    n.put("blockNumber", JsonViews.quantity(at.height()));
    return n;
  }
}
