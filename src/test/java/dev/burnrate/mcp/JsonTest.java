package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void canonicalFormSortsKeysRecursivelyAndKeepsListOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(Map.of("y", 2, "b", 3), "s"));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("m", inner);
    outer.put("b", true);
    assertEquals(
        "{\"b\":true,\"m\":{\"a\":[{\"b\":3,\"y\":2},\"s\"],\"z\":1}}", Json.canonical(outer));
  }

  @Test
  void utf8LengthIsTheLengthOfTheEncodedBytes() {
    for (String s :
        List.of(
            "",
            "plain ascii",
            "caf\u00e9 \u00fc\u00df",
            "\u20ac 3 \u4e2d\u6587",
            "emoji \ud83d\ude00 pair",
            "lone high \ud83d end",
            "lone low \ude00 end",
            "\ud83d",
            "\u007f\u0080\u07ff\u0800\uffff")) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Json.utf8Length(s), s);
    }
  }

  @Test
  void structuredContentIsWrittenAsItsTreeAndReadsAsAMap() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.createObjectNode();
    tree.put("n", 1).put("amount", new java.math.BigDecimal("4.50"));
    tree.putArray("items").add("a");
    StructuredContent content = new StructuredContent(tree);
    assertEquals(
        "{\"result\":{\"n\":1,\"amount\":4.50,\"items\":[\"a\"]}}",
        Json.MAPPER.writeValueAsString(Map.of("result", content)));
    assertEquals(Json.toMap(tree), content);
    assertEquals(content, Json.toMap(tree));
    assertEquals(List.of("a"), content.get("items"));
  }

  @Test
  void sameArgumentsInAnyOrderHashTheSame() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("hours", 24);
    one.put("group_by", "tool");
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("group_by", "tool");
    two.put("hours", 24);
    assertEquals(Json.sha256Hex(Json.canonical(one)), Json.sha256Hex(Json.canonical(two)));
    assertNotEquals(
        Json.sha256Hex(Json.canonical(one)), Json.sha256Hex(Json.canonical(Map.of("hours", 25))));
  }

  @Test
  void hashIsLowercaseHexSha256OfTheUtf8Text() {
    assertEquals(
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        Json.sha256Hex(Json.canonical(Map.of())));
  }
}
