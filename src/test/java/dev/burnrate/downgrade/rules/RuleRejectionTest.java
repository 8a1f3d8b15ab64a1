package dev.burnrate.downgrade.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and malformed rules. Each must fail inside {@link Rule#compile}: since compile is the
 * only way to obtain a {@link Rule} (asserted below), a rule that fails there is never evaluated.
 */
class RuleRejectionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "().__class__.__bases__[0].__subclasses__()[108].__init__.__globals__['sys']"
            + ".modules['os'].system('id')",
        "__import__('os').system('id')",
        "java.lang.Runtime.getRuntime().exec(\"id\")",
        "T(java.lang.Runtime).getRuntime().exec('id')",
        "${jndi:ldap://x/a}",
        "#{1+1}",
        "eval(\"1\")",
        "avg_token_output.getClass()",
        "size(\"abc\") > 1",
        "\"a\" == \"a\"",
        "[1,2][0] > 0",
        "{'a':1}.a > 0",
        "avg_token_output < 200; rm -rf /",
        "avg_token_output < 200 or system('id')",
        "x < 1",
        "avg_token_output < 200 for 0 days",
        "avg_token_output < 200 for 91 days",
        "avg_token_output < 200 for 7 weeks",
        "avg_token_output < 200 for 7.5 days",
        "avg_token_output < 200 for -7 days",
        "avg_token_output < 200 for 7 days and calls > 1",
        "",
        "   ",
        "avg_token_output",
        "avg_token_output + 1",
        "(avg_token_output < 200) + 1",
        "(avg_token_output < 200) == 1",
        "avg_token_output < 200 == true",
        "not avg_token_output",
        "calls and cost_usd > 1",
        "1 < calls < 5",
        "avg_token_output < 200 avg_token_input",
        "avg_token_output = 200",
        "avg_token_output < 200 && calls > 1",
        "avg_token_output < 200 || calls > 1",
        "!(avg_token_output < 200)",
        "avg_token_output < 2e5",
        "avg_token_output < 0x10",
        "avg_token_output < .5",
        "avg_token_output < 5.",
        "avg_token_output < 1_000",
        "__class__ < 1",
        "lambda: 1",
        "(lambda x: x)(1) > 0",
        "calls > 1 ? true : false",
        "calls % 2 == 0",
        "calls > - 1",
        "-calls < 1",
        "AVG_TOKEN_OUTPUT < 200",
        "calls > 1 and",
        "(calls > 1",
        "calls > 1)",
        "calls in [1, 2]",
        "has(calls) and calls > 1",
        "calls > 1 for",
        "calls > 1 for 7",
        "\u0430vg_token_output < 200",
        "avg_token_output \uff1c 200",
        "avg_token_output\u00a0< 200",
        "avg_token_output < \u0662\u0660\u0660",
        "avg_token_output < 200\u037e calls > 1",
        "calls > 1\n; rm -rf /",
      })
  void hostileOrMalformedRulesAreRejectedAtCompileTimeWithAColumn(String text) {
    RuleException e = assertThrows(RuleException.class, () -> Rule.compile(text));
    assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, e.column() + " for " + text);
    assertTrue(e.getMessage().startsWith("column " + e.column() + ": "), e.getMessage());
  }

  @Test
  void tenThousandNestedParenthesesFailCleanly() {
    String deep = "(".repeat(10_000) + "calls > 1" + ")".repeat(10_000);
    RuleException e = assertThrows(RuleException.class, () -> Rule.compile(deep));
    assertTrue(e.getMessage().contains("the limit is 1000"), e.getMessage());
  }

  @Test
  void nestingBeyondTheDepthLimitFailsWithinTheLengthLimit() {
    int n = Parser.MAX_DEPTH + 1;
    RuleException parens =
        assertThrows(
            RuleException.class, () -> Rule.compile("(".repeat(n) + "calls > 1" + ")".repeat(n)));
    assertEquals(n, parens.column());
    assertTrue(parens.getMessage().contains("more than 32 levels"), parens.getMessage());
    assertThrows(RuleException.class, () -> Rule.compile("not ".repeat(200) + "calls > 1"));
  }

  @Test
  void compileIsTheOnlyWayToObtainARule() {
    for (Constructor<?> c : Rule.class.getDeclaredConstructors()) {
      assertTrue(Modifier.isPrivate(c.getModifiers()), c.toString());
    }
    List<String> factories =
        Arrays.stream(Rule.class.getDeclaredMethods())
            .filter(m -> Modifier.isStatic(m.getModifiers()))
            .filter(m -> !Modifier.isPrivate(m.getModifiers()))
            .filter(m -> m.getReturnType() == Rule.class)
            .map(Method::getName)
            .collect(Collectors.toList());
    assertEquals(List.of("compile"), factories);
  }

  @Test
  void anUnknownNameIsReportedWithItsColumnAndTheAllowedVariables() {
    RuleException e =
        assertThrows(RuleException.class, () -> Rule.compile("calls > 1 and costs > 5"));
    assertEquals(15, e.column());
    assertEquals(
        "column 15: unknown name 'costs'; the allowed variables are avg_complexity_score,"
            + " avg_token_output, avg_token_input, calls, cost_usd, error_rate, tool_variety,"
            + " token_output_vs_fleet",
        e.getMessage());
  }

  @Test
  void aFunctionCallIsReportedAtTheFunctionName() {
    RuleException e =
        assertThrows(
            RuleException.class, () -> Rule.compile("avg_token_output < 200 or system('id')"));
    assertEquals(27, e.column());
    assertTrue(e.getMessage().contains("'system(' is a function call"), e.getMessage());
    assertTrue(e.getMessage().contains("a rule compares numbers and the variables"));
  }

  @Test
  void attributeAccessIsReportedAtTheDot() {
    RuleException e =
        assertThrows(RuleException.class, () -> Rule.compile("avg_token_output.getClass()"));
    assertEquals(17, e.column());
    assertTrue(e.getMessage().contains("attribute and method access do not exist"));
  }

  @Test
  void aLookAlikeLetterIsReportedWithItsCodePoint() {
    RuleException e =
        assertThrows(
            RuleException.class, () -> Rule.compile("calls > 1 and \u0430vg_token_output < 2"));
    assertEquals(15, e.column());
    assertTrue(e.getMessage().contains("U+0430"), e.getMessage());
  }

  @Test
  void aNumberWhereAConditionBelongsIsReportedAtTheNumber() {
    RuleException bare = assertThrows(RuleException.class, () -> Rule.compile("avg_token_output"));
    assertEquals(1, bare.column());
    assertTrue(bare.getMessage().contains("must be a condition"), bare.getMessage());
    RuleException mixed =
        assertThrows(RuleException.class, () -> Rule.compile("calls > 1 and cost_usd"));
    assertEquals(15, mixed.column());
    assertTrue(mixed.getMessage().contains("'and' at column 11 needs a condition"));
  }

  @Test
  void aDayCountOutOfRangeSaysWhatIsAllowed() {
    RuleException e =
        assertThrows(RuleException.class, () -> Rule.compile("avg_token_output < 200 for 0 days"));
    assertEquals(28, e.column());
    assertTrue(e.getMessage().contains("whole number from 1 to 90"), e.getMessage());
    RuleException weeks =
        assertThrows(RuleException.class, () -> Rule.compile("avg_token_output < 200 for 7 weeks"));
    assertEquals(30, weeks.column());
    assertTrue(weeks.getMessage().contains("expected 'days' but found 'weeks'"));
  }

  @Test
  void trailingGarbageIsReportedWhereItStarts() {
    RuleException e =
        assertThrows(RuleException.class, () -> Rule.compile("avg_token_output < 200; rm -rf /"));
    assertEquals(23, e.column());
    assertTrue(e.getMessage().contains("not a sequence of statements"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "size('abc') > 1",
        "avg_token_output.getClass() == 1.0",
        "x < 1.0",
        "avg_token_output",
        "avg_token_output + 1.0",
        "[1.0][0] > 0.0",
        "int(calls) > 1",
        "calls.exists(x, x > 1.0)",
        "matches(string(calls), '1')",
      })
  void theCelLayerRejectsOnItsOwnWhatTheParserWouldNeverEmit(String cel) {
    assertThrows(RuleException.class, () -> CelEngine.compile(cel));
  }
}
