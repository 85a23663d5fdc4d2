package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document served by rpc.discover is valid OpenRPC and lists exactly the served methods. */
class OpenRpcDocumentTest {
  private static final String JSON_SCHEMA_TOOLS = "https://meta.json-schema.tools";
  @TempDir Path dir;

  private static JsonSchema openRpcMetaSchema() throws Exception {
    JsonMetaSchema tools =
        JsonMetaSchema.builder(JSON_SCHEMA_TOOLS + "/", JsonMetaSchema.getV7()).build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V7,
            builder ->
                builder
                    .metaSchema(tools)
                    .schemaMappers(
                        m ->
                            m.mapPrefix(
                                JSON_SCHEMA_TOOLS,
                                "classpath:openrpc/json-schema-tools-meta-1.8.0.json")));
    try (InputStream in =
        OpenRpcDocumentTest.class.getResourceAsStream("/openrpc/meta-schema-1.14.9.json")) {
      JsonNode meta = new ObjectMapper().readTree(in);
      return factory.getSchema(SchemaLocation.of("https://meta.open-rpc.org/"), meta);
    }
  }

  @Test
  void servedDocumentValidatesAgainstTheOpenRpcMetaSchema() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 0);
    try (ParleyNode node = network.start()) {
      JsonNode document = TestNetwork.client(node).call("rpc.discover");
      Set<ValidationMessage> errors = openRpcMetaSchema().validate(document);
      assertThat(errors).as("OpenRPC validation errors").isEmpty();

      Set<String> documented = new TreeSet<>();
      document.get("methods").forEach(m -> documented.add(m.get("name").asText()));
      Set<String> served = new TreeSet<>();
      RpcApi.methods(
              node.chain(),
              node.mempool(),
              "test",
              OpenRpcDocument.load("127.0.0.1", 0),
              new Subscriptions(node.chain(), node.mempool(), WebSocketLimits.DEFAULTS),
              tx -> {})
          .forEach(m -> served.add(m.name()));
      assertThat(documented).isEqualTo(served);
    }
  }

  @Test
  void metaSchemaRejectsABrokenDocument() throws Exception {
    JsonNode broken =
        new ObjectMapper()
            .readTree(
                "{\"openrpc\":\"1.2.6\",\"info\":{\"title\":\"x\"},\"methods\":[{\"params\":[]}]}");
    List<ValidationMessage> errors = new ArrayList<>(openRpcMetaSchema().validate(broken));
    assertThat(errors).isNotEmpty();
  }
}
