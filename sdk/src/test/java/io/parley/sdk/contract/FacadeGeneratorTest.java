package io.parley.sdk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.AbiJson;
import io.parley.sdk.ParleyClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated facade compiles with javac against the SDK and has the typed methods. */
class FacadeGeneratorTest {
  @TempDir Path tmp;

  @Test
  void theTokenFacadeCompilesWithOneTypedMethodPerActionAndView() throws Exception {
    Path abi = abiFile("Token");
    Path source = FacadeGenerator.write(abi, "com.example.token", tmp.resolve("src"));
    assertThat(source).endsWith(Path.of("com/example/token/Token.java"));

    Class<?> facade = compile(source, "com.example.token.Token");

    assertThat(facade.getMethod("transfer", KeyPair.class, Address.class, BigInteger.class))
        .isNotNull();
    assertThat(
            facade.getMethod(
                "transferFrom", KeyPair.class, Address.class, Address.class, BigInteger.class))
        .isNotNull();
    Method balanceOf = facade.getMethod("balanceOf", Address.class);
    assertThat(balanceOf.getReturnType()).isEqualTo(BigInteger.class);
    assertThat(facade.getMethod("getSymbol").getReturnType()).isEqualTo(Bytes.class);
    assertThat(
            facade
                .getMethod(
                    "deploy",
                    ParleyClient.class,
                    KeyPair.class,
                    io.parley.contracts.abi.Bundle.class,
                    Bytes.class,
                    Bytes.class,
                    BigInteger.class)
                .getReturnType())
        .isEqualTo(facade);
    Object instance =
        facade
            .getConstructor(ParleyClient.class, Address.class)
            .newInstance(ParleyClient.connect("http://127.0.0.1:1/"), Address.ZERO);
    assertThat(facade.getMethod("address").invoke(instance)).isEqualTo(Address.ZERO);
    assertThat(AbiJson.read((String) facade.getField("ABI_JSON").get(null)).contract())
        .isEqualTo("Token");
  }

  @Test
  void anAbiVersion2FacadeHasASubmitMethodPerCollection() throws Exception {
    Path source = FacadeGenerator.write(abiFile("Auction"), "auction", tmp.resolve("src"));
    String text = Files.readString(source);
    assertThat(text).contains("(parley-abi/2)").doesNotContain("SentTransaction input");

    Class<?> facade = compile(source, "auction.Auction");

    assertThat(facade.getMethod("submitBids", KeyPair.class, BigInteger.class)).isNotNull();
    assertThat(facade.getMethod("winnerOf").getReturnType()).isEqualTo(Address.class);
    assertThat(facade.getMethod("close", KeyPair.class)).isNotNull();
  }

  @Test
  void aFileThatIsNotAnAbiIsRefusedWithTheReason() throws Exception {
    Path bad = tmp.resolve("bad.abi.json");
    Files.writeString(bad, "{\"format\":\"something-else\"}");
    assertThatThrownBy(() -> FacadeGenerator.write(bad, "p", tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Parley ABI: ");
    assertThatThrownBy(() -> FacadeGenerator.generate("{}", "not a package"))
        .hasMessage("'not a package' is not a Java package name");
  }

  private Path abiFile(String contract) throws Exception {
    String json =
        ContractCompiler.compile(Path.of("../contracts/examples/" + contract + ".par")).abiJson();
    Path file = tmp.resolve(contract + ".abi.json");
    Files.writeString(file, json);
    return file;
  }

  /** Compiles {@code source} with javac on the SDK's class path and loads {@code className}. */
  private Class<?> compile(Path source, String className) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    String[] arguments = {
      "-d", classes.toString(), "-classpath", classPath(), "--release", "21", source.toString()
    };
    int status = javac.run(null, diagnostics, diagnostics, arguments);
    assertThat(status).as("javac on the generated facade: %s", diagnostics).isZero();
    URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass(className);
  }

  /** The jars and directories of the types a facade's signatures mention. */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c :
        List.of(
            ParleyClient.class,
            KeyPair.class,
            io.parley.contracts.abi.Abi.class,
            JsonNode.class,
            com.fasterxml.jackson.core.TreeNode.class,
            com.fasterxml.jackson.annotation.JsonInclude.class,
            Bytes.class,
            UInt256.class,
            io.parley.zk.inputs.InputCommittee.class)) {
      try {
        entries.add(
            Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
