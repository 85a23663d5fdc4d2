package io.parley.node.cli;

import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench state-root}: the cost of computing a block's state root when its transfers
 * touch 2 accounts each, in a tree of {@code --accounts} accounts.
 */
@Command(
    name = "state-root",
    mixinStandardHelpOptions = true,
    description = "State-root cost per block of transfers.")
final class StateRootBench implements Callable<Integer> {
  @Option(
      names = "--accounts",
      defaultValue = "100000",
      description = "Accounts in the tree (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--transfers",
      defaultValue = "1000",
      description = "Transfers per block (default: ${DEFAULT-VALUE}).")
  int transfers;

  @Option(
      names = "--blocks",
      defaultValue = "30",
      description = "Measured blocks, after 10 warm-up blocks (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Override
  public Integer call() {
    SplittableRandom random = new SplittableRandom(7);
    InMemoryNodeStore store = new InMemoryNodeStore();
    AccountTree tree = new AccountTree(store);
    Address[] addresses = new Address[accounts];
    Map<Address, Account> initial = new HashMap<>();
    for (int i = 0; i < accounts; i++) {
      byte[] a = new byte[20];
      random.nextBytes(a);
      addresses[i] = new Address(Bytes.wrap(a));
      initial.put(addresses[i], Account.ofBalance(UInt256.valueOf(1_000_000_000L)));
    }
    SparseMerkleTree.Update genesis = tree.update(SparseMerkleTree.EMPTY_ROOT, initial);
    store.putAll(genesis.newNodes());
    Bytes32 root = genesis.root();
    int warmup = 10;
    double[] millis = new double[blocks];
    long nodes = 0;
    for (int b = 0; b < warmup + blocks; b++) {
      Map<Address, Account> changes = new HashMap<>();
      for (int t = 0; t < transfers; t++) {
        Address from = addresses[random.nextInt(accounts)];
        Address to = addresses[random.nextInt(accounts)];
        changes.put(
            from,
            new Account(
                b + 1,
                UInt256.valueOf(random.nextLong(1, Long.MAX_VALUE)),
                Bytes32.ZERO,
                Bytes32.ZERO));
        changes.put(
            to,
            new Account(
                0,
                UInt256.valueOf(random.nextLong(1, Long.MAX_VALUE)),
                Bytes32.ZERO,
                Bytes32.ZERO));
      }
      long start = System.nanoTime();
      SparseMerkleTree.Update update = tree.update(root, changes);
      long elapsed = System.nanoTime() - start;
      store.putAll(update.newNodes());
      root = update.root();
      if (b >= warmup) {
        millis[b - warmup] = elapsed / 1e6;
        nodes += update.newNodes().size();
      }
    }
    Arrays.sort(millis);
    System.out.printf(
        "state root, %d accounts, %d transfers per block (%d account updates at most), %d blocks:%n",
        accounts, transfers, 2 * transfers, blocks);
    System.out.printf(
        "  p50 %.2f ms   mean %.2f ms   max %.2f ms per block;  %d new tree nodes per block%n",
        millis[blocks / 2],
        Arrays.stream(millis).average().orElse(0),
        millis[blocks - 1],
        nodes / blocks);
    return 0;
  }
}
