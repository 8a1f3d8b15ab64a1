package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputTrimmerTest {
  private static List<String> items(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("item-" + i);
    }
    return out;
  }

  private static ObjectNode tree(Object value) {
    return (ObjectNode) Json.tree(value);
  }

  @Test
  void aResultThatFitsIsReturnedUntouched() {
    ObjectNode r = tree(Map.of("rows", items(3)));
    assertSame(r, OutputTrimmer.fit(r, 10_000).orElseThrow());
    assertSame(r, OutputTrimmer.fit(r, 0).orElseThrow());
  }

  @Test
  void theLongestListIsTrimmedFirstAndTheResultMarkedTruncated() {
    ObjectNode r = tree(Map.of("big", items(200), "small", items(3), "total", 42));
    ObjectNode out = OutputTrimmer.fit(r, 600).orElseThrow();
    assertTrue(OutputTrimmer.size(out) <= 600);
    assertTrue(out.get("truncated").asBoolean());
    assertEquals(3, out.get("small").size());
    assertTrue(out.get("big").size() >= 3 && out.get("big").size() < 200);
    assertEquals("item-0", out.get("big").get(0).asText());
    assertEquals(42, out.get("total").asInt());
    assertEquals(200, r.get("big").size(), "the input is not modified");
  }

  @Test
  void keepsAsManyItemsAsFit() {
    ObjectNode r = tree(Map.of("big", items(200)));
    ObjectNode out = OutputTrimmer.fit(r, 600).orElseThrow();
    ObjectNode oneMore = out.deepCopy();
    oneMore.withArray("big").add("item-" + out.get("big").size());
    assertTrue(OutputTrimmer.size(oneMore) > 600, "one more item would not have fitted");
  }

  @Test
  void listsOfEqualLengthShrinkTogether() {
    ObjectNode r = tree(Map.of("a", items(100), "b", items(100)));
    ObjectNode out = OutputTrimmer.fit(r, 700).orElseThrow();
    assertEquals(out.get("a").size(), out.get("b").size());
    assertTrue(OutputTrimmer.size(out) <= 700);
  }

  @Test
  void nestedListsAreTrimmedToo() {
    ObjectNode r = tree(Map.of("groups", List.of(Map.of("name", "g", "rows", items(300)))));
    ObjectNode out = OutputTrimmer.fit(r, 500).orElseThrow();
    assertEquals(1, out.get("groups").size());
    assertTrue(out.get("groups").get(0).get("rows").size() < 300);
    assertTrue(OutputTrimmer.size(out) <= 500);
  }

  @Test
  void aResultWithoutListsThatIsTooLargeCannotFit() {
    ObjectNode r = tree(Map.of("text", "x".repeat(1000), "rows", items(5)));
    Optional<ObjectNode> out = OutputTrimmer.fit(r, 100);
    assertFalse(out.isPresent());
  }
}
