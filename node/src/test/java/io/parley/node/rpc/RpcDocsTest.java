package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.node.execution.Rejection;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rpc.md and the OpenRPC document say the same thing: the same methods with the same
 * parameters, the same fields in each result object, the same error codes; and every error code the
 * node's code can return is documented in both.
 */
class RpcDocsTest {
  private static final Path RPC_MD = Path.of("../docs/rpc.md");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private final JsonNode document = OpenRpcDocument.load("127.0.0.1", 8645).document();

  /** The rows of the first table under the heading {@code ## title}: cells without the pipes. */
  private static List<List<String>> table(String title) throws Exception {
    List<String> lines = Files.readAllLines(RPC_MD);
    int i = lines.indexOf("## " + title);
    assertThat(i).as("section '%s' in docs/rpc.md", title).isNotNegative();
    while (!lines.get(i).startsWith("|")) {
      i++;
    }
    List<List<String>> rows = new ArrayList<>();
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i);
      List<String> cells = new ArrayList<>();
      for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
        cells.add(cell.trim());
      }
      rows.add(cells);
    }
    return rows;
  }

  private static List<String> codeSpans(String cell) {
    List<String> spans = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      spans.add(m.group(1));
    }
    return spans;
  }

  @Test
  void methodsAndTheirParametersAgree() throws Exception {
    Map<String, List<String>> documented = new LinkedHashMap<>();
    for (List<String> row : table("Methods")) {
      documented.put(codeSpans(row.get(0)).get(0), codeSpans(row.get(1)));
    }
    Map<String, List<String>> served = new LinkedHashMap<>();
    for (JsonNode m : document.get("methods")) {
      List<String> params = new ArrayList<>();
      m.get("params").forEach(p -> params.add(p.get("name").asText()));
      served.put(m.get("name").asText(), params);
    }
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void objectsListEveryFieldOfTheirSchema() throws Exception {
    JsonNode schemas = document.get("components").get("schemas");
    Set<String> listed = new TreeSet<>();
    for (List<String> row : table("Objects")) {
      String object = codeSpans(row.get(0)).get(0);
      listed.add(object);
      JsonNode schema = schemas.get(object);
      assertThat(schema).as("schema %s in the OpenRPC document", object).isNotNull();
      List<String> properties = new ArrayList<>();
      schema.get("properties").fieldNames().forEachRemaining(properties::add);
      assertThat(codeSpans(row.get(1))).as("fields of %s", object).isEqualTo(properties);
      assertThat(schema.get("additionalProperties").asBoolean(true))
          .as("%s admits no undocumented field", object)
          .isFalse();
    }
    Set<String> objectSchemas = new TreeSet<>();
    schemas
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().has("properties")) {
                objectSchemas.add(e.getKey());
              }
            });
    assertThat(listed).isEqualTo(objectSchemas);
  }

  @Test
  void errorCodesAgreeWithTheCode() throws Exception {
    Set<Integer> documented = new TreeSet<>();
    for (List<String> row : table("Errors")) {
      documented.add(Integer.parseInt(row.get(0)));
    }
    Set<Integer> inDocument =
        new TreeSet<>(new OpenRpcSchemas(document).componentErrors().values());
    assertThat(documented).isEqualTo(inDocument);

    Set<Integer> inCode = new TreeSet<>();
    for (Rejection.Reason reason : Rejection.Reason.values()) {
      inCode.add(reason.code());
    }
    for (Class<?> holder :
        List.of(
            RpcErrors.class, ContractRpcMethods.class, ChainRpcMethods.class, ZkRpcMethods.class)) {
      for (Field f : holder.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
          inCode.add(f.getInt(null));
        }
      }
    }
    assertThat(documented).isEqualTo(inCode);
  }

  @Test
  void timeoutAndBusyCanAnswerEveryMethod() {
    OpenRpcSchemas schemas = new OpenRpcSchemas(document);
    for (JsonNode m : document.get("methods")) {
      assertThat(schemas.declaredErrors(m.get("name").asText()))
          .as(m.get("name").asText())
          .contains(RpcErrors.REQUEST_TIMEOUT, RpcErrors.SERVER_BUSY, RpcErrors.INVALID_PARAMS);
    }
  }

  @Test
  void theDocumentNamesTheEndpointItIsServedAt() {
    JsonNode servers = OpenRpcDocument.load("0.0.0.0", 9000).document().get("servers");
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0).get("url").asText()).isEqualTo("http://127.0.0.1:9000/");
    OpenRpcDocument ipv6 = OpenRpcDocument.load("::1", 0);
    ipv6.servedAt(new java.net.InetSocketAddress("::1", 41234));
    assertThat(ipv6.document().get("servers").get(0).get("url").asText())
        .isEqualTo("http://[0:0:0:0:0:0:0:1]:41234/");
  }
}
