package dev.burnrate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void everyControlAndBidiCharacterBecomesAVisibleEscapeAndOtherTextIsKept() {
    assertEquals(
        "a\\u0000\\u0009\\u000a\\u000d\\u001b\\u007f\\u0085\\u009f\\u202a\\u202e\\u2066\\u2069"
            + "\\u2028\\u200fb",
        Text.plain(
            "a\u0000\t\n\r\u001b\u007f\u0085\u009f\u202a\u202e\u2066\u2069" + "\u2028\u200fb"));
    String kept = "café 日本 \uD83D\uDC68\u200D\uD83D\uDC69 release-2:1.4.0 a\\b";
    assertEquals(kept, Text.plain(kept));
    assertEquals("one\ntwo\\u001b\n", Text.lines("one\ntwo\u001b\n"));
  }

  @Test
  void markdownEscapesMarkupButLeavesOrdinaryToolAndAgentNamesAsTheyAre() {
    for (String name :
        new String[] {
          "web_search", "pr_reviewer_tool", "media-5", "us.anthropic.claude-sonnet-4-6"
        }) {
      assertEquals(name, Text.markdown(name));
    }
    assertEquals(
        "\\_x\\_ \\*b\\* \\`c\\` \\~d\\~ \\#e \\|f\\| \\\\g",
        Text.markdown("_x_ *b* `c` ~d~ #e |f| \\g"));
    assertEquals(
        "&lt;\\!here&gt; \\!\\[i\\]\\(u\\) &amp;amp;", Text.markdown("<!here> ![i](u) &amp;"));
    assertEquals("\\- item", Text.markdown("- item"));
    assertEquals("\\+1", Text.markdown("+1"));
  }
}
