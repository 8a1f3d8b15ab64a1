package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule that loads is a rule that runs: CEL's own limits surface as config problems. */
class RuleDepthConfigTest {
  @TempDir Path dir;

  private List<Problem> load(String when) throws Exception {
    Files.writeString(
        dir.resolve("budget.yaml"),
        "downgrade_recommendations:\n  models:\n    - from: gpt-4o\n      to: gpt-4o-mini\n"
            + "      when: "
            + when
            + "\n");
    return ConfigLoader.validate(dir);
  }

  @Test
  void aRuleTooDeepForTheEvaluatorIsAConfigProblemAtItsLocationNotASkipAtEvaluation()
      throws Exception {
    // What broke: "1+1+...+1 < calls" with 260 terms passed validate-config, then evaluation
    // skipped it with CEL's "Expression recursion limit exceeded: 250".
    List<Problem> problems = load("1" + "+1".repeat(259) + " < calls");
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertEquals(5, p.line(), p.toString());
    // The plain scalar starts at column 13; the 120th '+' is at column 240 of the rule.
    assertEquals(13 + 239, p.col(), p.toString());
    assertEquals("downgrade_recommendations.models[0].when", p.path());
    assertTrue(p.message().contains("more than 120 levels deep"), p.message());
  }

  @Test
  void aHundredTermRuleOfMixedOperatorsLoads() throws Exception {
    String e = "calls";
    for (int i = 0; i < 18; i++) {
      e = "(" + e + " + calls * 2 - calls * 2) / 1";
    }
    assertEquals(List.of(), load("\"not (" + e + " - 1 + 1 >= calls + 0.5) or calls < 0\""));
    assertEquals(1, ConfigLoader.load(dir).budget().downgrade().models().size());
  }

  @Test
  void moreThanAHundredRulesAreOneProblemInsteadOfMinutesOfCompiling() throws Exception {
    // Loading now compiles every rule with CEL, so the number of rules is bounded too: a file of
    // thousands of deep rules would otherwise take minutes to validate.
    StringBuilder yaml = new StringBuilder("downgrade_recommendations:\n  models:\n");
    for (int i = 0; i < 2_000; i++) {
      yaml.append("    - {from: a, to: b, when: \"calls > ").append(i).append("\"}\n");
    }
    Files.writeString(dir.resolve("budget.yaml"), yaml);
    List<Problem> problems = ConfigLoader.validate(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(
        "budget.yaml:103:7 downgrade_recommendations.models[100]: 2000 downgrade rules, over the"
            + " limit of 100; join rules for the same models with 'or'",
        problems.get(0).toString());
  }
}
