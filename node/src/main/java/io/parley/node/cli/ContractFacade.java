package io.parley.node.cli;

import io.parley.sdk.contract.FacadeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley contract facade}: writes a typed Java class for a contract from its ABI JSON, with
 * one method per action and view (the sdk's {@link FacadeGenerator}).
 */
@Command(
    name = "facade",
    mixinStandardHelpOptions = true,
    description =
        "Generate a typed Java facade (one method per action, view and collection) from an ABI"
            + " JSON file; it uses the parley-sdk library.")
final class ContractFacade implements Callable<Integer> {
  @Option(
      names = "--abi",
      required = true,
      description = "The ABI JSON file (NAME.abi.json from 'parley contract compile').")
  Path abi;

  @Option(names = "--package", required = true, description = "Java package of the class.")
  String packageName;

  @Option(
      names = "--out",
      required = true,
      description = "Source root to write to (the package's directories are created).")
  Path out;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(abi)) {
      throw new CliException("--abi: no file " + abi);
    }
    try {
      Path file = FacadeGenerator.write(abi, packageName, out);
      System.out.println("wrote " + file);
      return 0;
    } catch (IllegalArgumentException e) {
      throw new CliException("--abi " + abi + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliException(e.getMessage());
    }
  }
}
