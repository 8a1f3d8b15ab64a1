package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No config file, however it is written, costs much more than its size to read or report on. */
class YamlAmplificationTest {
  private static final String LONG = "y".repeat(YamlFile.MAX_LINE - 100);

  @TempDir Path dir;

  private List<Problem> budget(CharSequence yaml) throws Exception {
    Files.writeString(dir.resolve("budget.yaml"), yaml);
    return ConfigLoader.validate(dir);
  }

  private static String lines(int n, IntFunction<String> line) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(line.apply(i)).append('\n');
    }
    return s.toString();
  }

  private static void assertBounded(List<Problem> problems) {
    assertTrue(problems.size() <= YamlFile.MAX_PROBLEMS + 1, problems.size() + " problems");
    for (Problem p : problems) {
      assertTrue(p.message().length() <= YamlFile.MAX_MESSAGE, p.message().length() + " chars");
    }
  }

  static Stream<Arguments> fourHundredAliases() {
    String values = lines(400, i -> "    a" + i + ": *v");
    return Stream.of(
        Arguments.of(
            "to a scalar, as mapping values",
            "monthly_ceiling_usd:\n  per_agent:\n    a: &v \"" + LONG + "\"\n" + values),
        Arguments.of(
            "to a scalar, in a list",
            "teams:\n  t:\n    ceiling_usd: 5\n    agents:\n      - &v \""
                + LONG
                + "\"\n"
                + lines(400, i -> "      - *v")),
        Arguments.of(
            "to a scalar, as keys",
            "daily_cap_usd:\n  ? &v \""
                + LONG
                + "\"\n  : 1\n"
                + lines(400, i -> "  ? *v\n  : " + i)),
        Arguments.of(
            "to a mapping",
            "monthly_ceiling_usd:\n  per_agent: &v\n    a: \""
                + LONG
                + "\"\ndaily_cap_usd:\n"
                + lines(400, i -> "  x" + i + ": *v")),
        Arguments.of(
            "to a list",
            "alerts: &v\n  - at_percent: \""
                + LONG
                + "\"\nteams:\n"
                + lines(400, i -> "  t" + i + ": *v")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fourHundredAliases")
  void fourHundredAliasesAreOneProblemAtTheFirstAliasOverTheLimitNotAnOutOfMemoryError(
      String kind, String yaml) throws Exception {
    // What broke: a 1 MB budget.yaml with 400 aliases to one scalar crashed validate-config with
    // OutOfMemoryError, because every alias copied the value into its own error message.
    List<Problem> problems = budget(yaml);
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertTrue(p.message().contains("more than 50 aliases"), p.toString());
    String[] text = yaml.split("\n", -1);
    String aliasLine = text[p.line() - 1];
    assertEquals('*', aliasLine.charAt(p.col() - 1), "at an alias: " + aliasLine);
    String before = String.join("\n", Arrays.copyOf(text, p.line() - 1));
    assertEquals(
        BoundedComposer.MAX_ALIASES, before.split("\\*v", -1).length - 1, "the 51st alias");
  }

  @Test
  void problemsInAnAliasedValueAreReportedAtEachAliasWithABoundedQuote() throws Exception {
    // What broke: 40 aliases to one long scalar printed 40 MB of errors, every one of them
    // located at the anchor's line instead of the alias's.
    String yaml =
        "monthly_ceiling_usd:\n  per_agent:\n    a: &v \""
            + LONG
            + "\"\n"
            + lines(40, i -> "    b" + i + ": *v");
    List<Problem> problems = budget(yaml);
    assertBounded(problems);
    assertEquals(41, problems.size(), problems.toString());
    for (int i = 0; i < 40; i++) {
      Problem p = problems.get(i + 1);
      assertEquals(4 + i, p.line(), p.toString());
      assertEquals(("    b" + i + ": ").length() + 1, p.col(), p.toString());
      assertEquals("monthly_ceiling_usd.per_agent.b" + i, p.path());
      assertTrue(p.message().length() < 200, p.message());
      assertTrue(p.message().contains("(" + LONG.length() + " characters)"), p.message());
    }
  }

  @Test
  void problemsInsideAnAliasedMappingOrListAreReportedAtTheAlias() throws Exception {
    String yaml =
        "daily_cap_usd: &m\n  a: -1\n"
            + "monthly_ceiling_usd:\n  per_agent: *m\n"
            + "alerts: &l\n  - at_percent: 50\n    action: shout\n"
            + "teams:\n  t:\n    ceiling_usd: 5\n    agents: [x, *l]\n";
    List<Problem> problems = budget(yaml);
    assertTrue(
        problems.stream().anyMatch(p -> p.path().equals("daily_cap_usd.a") && p.line() == 2),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.path().equals("monthly_ceiling_usd.per_agent.a")
                        && p.line() == 4
                        && p.col() == 14),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.path().startsWith("teams.t.agents") && p.line() == 11),
        problems.toString());
  }

  @Test
  void nestedAndSelfReferringAliasesAreStoppedAtTheAliasThatCrossesTheLimit() throws Exception {
    StringBuilder laughs = new StringBuilder("l0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
    for (int i = 1; i < 10; i++) {
      String prev = "*l" + (i - 1);
      laughs
          .append("l")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [")
          .append(String.join(", ", prev, prev, prev, prev, prev))
          .append("]\n");
    }
    List<Problem> problems = budget("teams:\n  " + laughs.toString().replace("\n", "\n  "));
    assertEquals(1, problems.size(), problems.toString());
    Problem laugh = problems.get(0);
    assertTrue(laugh.message().contains("expand to more than 10000"), laugh.toString());
    assertTrue(laugh.line() > 1, laugh.toString());

    problems = budget("teams: &a\n  t: *a\n");
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(2, problems.get(0).line(), problems.toString());
    Problem loop = problems.get(0);
    assertTrue(loop.message().contains("alias inside its own anchor"), loop.toString());
  }

  @Test
  @Timeout(10)
  void aHugeCommentIsRejectedBeforeParsingAndLongLinesBeforeTheQuadraticScan() throws Exception {
    // What broke: a 10 MB comment was accepted after 42 s; SnakeYAML's size limit skips comments
    // and its reader re-copies a long token's buffer every 1,024 characters (quadratic).
    List<Problem> problems = budget("timezone: UTC\n#" + "x".repeat(10 << 20) + "\n");
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(
        "budget.yaml: is 10485776 bytes, over the limit of 1048576 (1 MiB); nothing in it was"
            + " read, remove what is not configuration (long comments, generated data) or split it",
        problems.get(0).toString());

    for (String longLine :
        List.of(
            "#" + "x".repeat(900_000),
            "timezone: \"" + "x".repeat(900_000) + "\"",
            "timezone: " + "x".repeat(900_000),
            "teams: " + "[".repeat(100_000))) {
      problems = budget("teams: {}\n" + longLine + "\n");
      assertEquals(1, problems.size(), problems.toString());
      assertEquals("budget.yaml:2:8193", problems.get(0).toString().substring(0, 18));
      assertTrue(problems.get(0).message().contains("over the limit of 8192"), problems.toString());
    }
  }

  @Test
  @Timeout(10)
  void aFileJustUnderTheLimitsLoadsAndHugeMultiLineScalarsAreQuotedBriefly() throws Exception {
    String comments = lines(120, i -> "#" + "x".repeat(YamlFile.MAX_LINE - 1));
    assertTrue(comments.length() < YamlFile.MAX_BYTES);
    assertEquals(List.of(), budget("timezone: UTC\n" + comments));

    String block = "timezone: |\n" + lines(120, i -> "  " + LONG);
    List<Problem> problems = budget(block);
    assertEquals(1, problems.size(), problems.toString());
    assertBounded(problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[", "{a: ", "- "})
  void deepNestingIsOneLocatedProblem(String level) throws Exception {
    String yaml =
        level.equals("- ")
            ? "teams:\n" + lines(60, i -> "  ".repeat(i + 1) + "k" + i + ":")
            : "teams: " + level.repeat(1_000) + "\n";
    List<Problem> problems = budget(yaml);
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertTrue(p.line() >= 1, p.toString());
    assertTrue(p.message().contains("nest more than 50 levels"), p.toString());
  }

  @Test
  void aGeneratedFileOfBadValuesListsTheFirstHundredProblemsAndCountsTheRest() throws Exception {
    // What broke: every problem was printed, so a generated file of bad values flooded the
    // terminal (40 aliases gave 40 MB); now a file lists at most 100 and says how many there are.
    List<Problem> problems =
        budget("monthly_ceiling_usd:\n  per_agent:\n" + lines(5_000, i -> "    a" + i + ": x"));
    assertEquals(YamlFile.MAX_PROBLEMS + 1, problems.size());
    assertEquals(
        "budget.yaml: 5000 problems in this file; the first 100 are listed, fix them and validate"
            + " again",
        problems.get(0).toString());
    assertEquals(3, problems.get(1).line());
    assertEquals(102, problems.get(100).line());

    assertEquals(YamlFile.MAX_PROBLEMS + 1, budget(lines(3_000, i -> "k" + i + ": 1")).size());
    assertEquals(YamlFile.MAX_PROBLEMS + 1, budget(lines(3_000, i -> "teams: {}")).size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"cost_weights.yml", "budget.yaml", "rbac.yml", "limits.yaml", "pricing.yml"})
  void everyConfigFileIsSizeCheckedBeforeItIsRead(String file) throws Exception {
    Files.writeString(dir.resolve(file), "#" + "x".repeat(YamlFile.MAX_BYTES) + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(file, e.problems().get(0).file());
    assertTrue(
        e.problems().get(0).message().startsWith("is 1048578 bytes, over the limit of 1048576"),
        e.getMessage());
  }

  @Test
  void limitsAreBoundsNotNewRulesForOrdinaryAnchors() throws Exception {
    String yaml =
        "monthly_ceiling_usd:\n  per_agent: &caps\n    a: 5\n    b: 6\ndaily_cap_usd: *caps\n";
    assertEquals(List.of(), budget(yaml));
    assertEquals(
        Map.of("a", new BigDecimal("5"), "b", new BigDecimal("6")),
        ConfigLoader.load(dir).budget().dailyCapUsd());
  }
}
