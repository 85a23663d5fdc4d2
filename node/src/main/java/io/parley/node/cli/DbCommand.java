package io.parley.node.cli;

import io.parley.genesis.Genesis;
import io.parley.node.consensus.SigningStateFile;
import io.parley.node.storage.ChainStore;
import io.parley.node.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley db}: check a stopped node's database, and move a damaged one aside so that the node
 * re-syncs it from its peers (docs/adr/0042-corruption-found-at-open.md).
 */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Check or rebuild a node's database (stop the node first).",
    subcommands = {DbCommand.Verify.class, DbCommand.Resync.class})
public final class DbCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The database of {@code dataPath}, which must exist and must not be open in a node. */
  static Path stoppedDatabase(Path dataPath) {
    Path db = dataPath.resolve("db");
    if (!Files.isDirectory(db)) {
      throw new CliException("no database in " + db + " (check --data-path)");
    }
    if (ChainStore.inUse(db)) {
      throw new CliException("a node is running on " + db + ": stop it first");
    }
    return db;
  }

  /** {@code parley db verify}: every checksum, every height up to the head. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify the checksum of every block of the database's files and that every height up"
              + " to the head has its block. Exit code 1 if the database is damaged.")
  static final class Verify implements Callable<Integer> {
    @Option(
        names = "--data-path",
        defaultValue = "parley-data",
        description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataPath;

    @Override
    public Integer call() {
      Path db = stoppedDatabase(dataPath);
      long start = System.nanoTime();
      try (ChainStore store = ChainStore.openReadOnly(db)) {
        ChainStore.Verified verified = store.verifyAll();
        System.out.printf(
            "OK: %s: %d files (%.1f MiB) verified, heights 0 to %d complete, in %d ms%n",
            db,
            verified.files(),
            verified.bytes() / 1048576.0,
            verified.headHeight(),
            (System.nanoTime() - start) / 1_000_000);
        return 0;
      } catch (StorageException e) {
        System.out.println("DAMAGED: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code parley db resync}: move the chain data aside; the next start re-syncs it. */
  @Command(
      name = "resync",
      mixinStandardHelpOptions = true,
      description =
          "Move the node's chain data (<data-path>/db) aside, keeping the validator key and the"
              + " signing-state record; at its next start the node re-syncs every block from the"
              + " other validators.")
  static final class Resync implements Callable<Integer> {
    @Option(
        names = "--data-path",
        defaultValue = "parley-data",
        description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataPath;

    @Option(names = "--genesis-file", required = true, description = "The network's genesis.json.")
    Path genesisFile;

    @Override
    public Integer call() throws IOException {
      Path db = stoppedDatabase(dataPath);
      int validators = Genesis.load(genesisFile).config().validators().size();
      if (validators < 2) {
        throw new CliException(
            "this network has a single validator: there is no peer to re-sync from. Restore a"
                + " backup of "
                + db
                + " instead.");
      }
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path aside = dataPath.resolve("db.damaged-" + stamp);
      Files.move(db, aside, StandardCopyOption.ATOMIC_MOVE);
      System.out.println("Moved the chain data " + db + " aside to " + aside + ".");
      Path record = dataPath.resolve(SigningStateFile.FILE_NAME);
      if (Files.exists(record)) {
        System.out.println(
            "Kept the signing-state record "
                + record
                + ": the node will not sign again at or below what it signed before.");
      }
      System.out.println(
          "Next: start the node as before. It re-syncs every block from the other validators and"
              + " verifies each (it logs that its head is below the last height it signed: that"
              + " is expected). Delete "
              + aside
              + " once it has caught up.");
      return 0;
    }
  }
}
