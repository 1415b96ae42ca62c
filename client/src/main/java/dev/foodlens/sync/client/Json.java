package dev.foodlens.sync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one ObjectMapper of the SDK (thread-safe once configured). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(byte[] bytes) throws IOException {
    return bytes.length == 0 ? MAPPER.missingNode() : MAPPER.readTree(bytes);
  }

  static ObjectNode of(Map<String, ?> map) {
    return MAPPER.valueToTree(map);
  }

  static Object plain(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }
}
