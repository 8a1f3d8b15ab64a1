package dev.burnrate.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.wire.Wire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The serving layer's view of the one JSON mapping, and the canonical form used for input hashes.
 */
final class Json {
  /** {@link Wire#MAPPER}: the one configured mapper, for results and the protocol alike. */
  static final ObjectMapper MAPPER = Wire.MAPPER;

  private Json() {}

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }

  /**
   * Compact JSON with object keys sorted recursively (by UTF-16 code units, as {@code
   * String.compareTo}), so the same arguments hash the same however a client ordered them.
   */
  static String canonical(Object value) {
    return write(sorted(tree(value)));
  }

  /** How many bytes {@code text} takes in UTF-8, without encoding it. */
  static int utf8Length(String text) {
    int n = text.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2; // four bytes for the pair's two chars
          i++;
        } else {
          bytes += 2; // three bytes; a lone surrogate is encoded as '?', one byte
          if (Character.isSurrogate(c)) {
            bytes -= 2;
          }
        }
      }
    }
    return bytes;
  }

  /** One digest per thread: looking the algorithm up costs more than hashing a call's input. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM has SHA-256", e);
            }
          });

  static String sha256Hex(String text) {
    // digest() resets it for the next use.
    return HexFormat.of().formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = MAPPER.createObjectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
