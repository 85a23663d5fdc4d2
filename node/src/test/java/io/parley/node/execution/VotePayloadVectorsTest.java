package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/vectors/computation-votes.json (written by the spec's Python checker from
 * attestation.md sections 5 and 6): our decoder reads each payload to the vector's form and attempt
 * and re-encodes it byte for byte, and refuses each invalid one.
 */
class VotePayloadVectorsTest {
  private static final Path VECTORS = Path.of("../docs/spec/vectors/computation-votes.json");

  @Test
  void payloadsDecodeAndEncodeAsTheSpecSays() throws Exception {
    JsonNode v = new ObjectMapper().readTree(VECTORS.toFile());
    for (JsonNode item : v.get("payloads")) {
      Bytes payload = Bytes.fromHexString(item.get("payload").asText());
      ComputationVotes.Message m = ComputationVotes.Message.decode(payload);
      assertThat(m.attempt()).as(item.get("note").asText()).isEqualTo(item.get("attempt").asInt());
      if (item.get("form").asInt() == 3) {
        assertThat(m).isInstanceOf(ComputationVotes.AbortPayload.class);
        assertThat(((ComputationVotes.AbortPayload) m).reason())
            .isEqualTo(item.get("reason").asInt());
        assertThat(((ComputationVotes.AbortPayload) m).seats())
            .isEqualTo(item.path("seats").asLong(0));
      } else {
        assertThat(m).isInstanceOf(ComputationVotes.Payload.class);
      }
      assertThat(m.encode()).isEqualTo(payload);
    }
    for (JsonNode item : v.get("invalid")) {
      Bytes payload = Bytes.fromHexString(item.get("payload").asText());
      assertThatThrownBy(() -> ComputationVotes.Message.decode(payload))
          .as(item.get("note").asText())
          .isInstanceOf(io.parley.base.encoding.EncodingException.class);
    }
  }
}
