package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
