package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sdk.rpc.RpcClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secret values where they must never appear: every block with its transactions, every
 * receipt, every computation record and private output the chain serves, and every log file of the
 * devnet.
 */
final class Leaks {
  private Leaks() {}

  static void assertNowhere(RpcClient client, Path devnetData, Collection<Long> secrets)
      throws Exception {
    // in what the chain serves: the value as a standalone decimal, as a hex quantity, and as the
    // 8-byte big-endian word inside any byte string; in logs the same, except small decimals
    // (below 100,000), which ports, heights and sizes in log lines would match by chance
    List<Pattern> chain = new ArrayList<>();
    List<Pattern> logs = new ArrayList<>();
    for (long v : secrets) {
      Pattern decimal = Pattern.compile("(?<![0-9a-fA-Fx.:])" + v + "(?![0-9a-fA-F])");
      Pattern quantity = Pattern.compile("\"0x" + Long.toHexString(v) + "\"");
      Pattern word = Pattern.compile(String.format("%016x", v));
      chain.addAll(List.of(decimal, quantity, word));
      logs.addAll(List.of(quantity, word));
      if (v >= 100_000) {
        logs.add(decimal);
      }
    }
    List<String> answers = new ArrayList<>();
    List<String> logTexts = new ArrayList<>();
    long head = Long.decode(client.call("chain_getBlockByNumber", "latest").get("number").asText());
    for (long h = 0; h <= head; h++) {
      JsonNode block = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
      answers.add("block " + h + ": " + block);
      for (JsonNode tx : block.path("transactions")) {
        answers.add(
            "receipt "
                + tx.get("hash").asText()
                + ": "
                + client.call("tx_getReceipt", tx.get("hash").asText()));
      }
    }
    List<JsonNode> ids = new ArrayList<>();
    long count = Long.decode(client.call("zk_listComputations").get("count").asText());
    for (long offset = 0; offset < count; offset += 100) {
      client
          .call("zk_listComputations", "0x" + Long.toHexString(offset), "0x64")
          .path("computations")
          .forEach(ids::add);
    }
    for (JsonNode id : ids) {
      String text = id.isTextual() ? id.asText() : id.path("id").asText();
      JsonNode record = client.call("zk_getComputation", text);
      answers.add("computation " + text + ": " + record);
      for (int i = 0; i < 4; i++) {
        try {
          answers.add("output: " + client.call("zk_getOutput", text, "private_" + i));
        } catch (io.parley.sdk.rpc.RpcClientException e) {
          break; // no such output
        }
      }
    }
    try (Stream<Path> files = Files.walk(devnetData)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        if (log.getParent().getFileName().toString().equals("db")) {
          continue; // RocksDB's write-ahead logs: the chain's own bytes, checked through RPC
        }
        logTexts.add(log + ": " + Files.readString(log, StandardCharsets.ISO_8859_1));
      }
    }
    assertNone(chain, answers);
    assertNone(logs, logTexts);
  }

  private static void assertNone(List<Pattern> patterns, List<String> texts) {
    for (String text : texts) {
      for (Pattern p : patterns) {
        var m = p.matcher(text);
        if (m.find()) {
          int from = Math.max(0, m.start() - 80);
          throw new AssertionError(
              p
                  + " found in "
                  + text.substring(0, Math.min(100, text.length()))
                  + " ... "
                  + text.substring(from, Math.min(text.length(), m.end() + 80)));
        }
      }
    }
  }
}
