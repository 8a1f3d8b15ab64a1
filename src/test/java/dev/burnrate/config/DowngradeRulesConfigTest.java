package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downgrade rules are checked when the config loads; a bad one is a located config problem. */
class DowngradeRulesConfigTest {
  @TempDir Path dir;

  private List<Problem> load(String... whens) throws Exception {
    StringBuilder yaml =
        new StringBuilder("downgrade_recommendations:\n  enable: true\n  models:\n");
    for (String w : whens) {
      yaml.append("    - from: gpt-4o\n      to: gpt-4o-mini\n      when: ").append(w).append('\n');
    }
    Files.writeString(dir.resolve("budget.yaml"), yaml.toString());
    return ConfigLoader.validate(dir);
  }

  @Test
  void theDocumentedExamplesLoadUnchanged() throws Exception {
    assertEquals(
        List.of(),
        load(
            "\"avg_complexity_score < 0.4 for 7 days\"",
            "\"avg_token_output < 200 and avg_complexity_score < 0.3\""));
    assertEquals(2, ConfigLoader.load(dir).budget().downgrade().models().size());
  }

  @Test
  void thePythonSandboxEscapeIsAConfigErrorAtItsLineAndColumn() throws Exception {
    List<Problem> problems =
        load(
            "\"avg_complexity_score < 0.4\"",
            "().__class__.__bases__[0].__subclasses__()[108].__init__.__globals__['sys'].modules['os'].system('id')");
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertEquals("budget.yaml", p.file());
    assertEquals(9, p.line(), p.toString());
    assertEquals(14, p.col(), "the ')' right after '(': " + p);
    assertEquals("downgrade_recommendations.models[1].when", p.path());
    assertTrue(p.message().startsWith("rule rejected, nothing was evaluated"), p.message());
  }

  @Test
  void everyBadRuleIsReportedAtOnceAndNoneIsKept() throws Exception {
    List<Problem> problems =
        load(
            "\"cost_usd > 100 and __import__('os').system('id')\"",
            "\"avg_token_output.__class__ < 1\"",
            "\"calls[0] > 1\"",
            "\"avg_complexity < 0.4\"",
            "\"'a' < 1\"",
            "\"avg_complexity_score < 0.4 for 7 weeks\"");
    assertEquals(6, problems.size(), problems.toString());
    for (Problem p : problems) {
      assertTrue(
          p.toString()
              .matches(
                  "budget\\.yaml:\\d+:\\d+ downgrade_recommendations\\.models\\[\\d\\]\\.when: rule rejected.*"),
          p.toString());
    }
    assertTrue(
        problems.get(3).message().contains("unknown name 'avg_complexity'"),
        problems.get(3).message());
  }
}
