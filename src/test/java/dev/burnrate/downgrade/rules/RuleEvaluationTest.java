package dev.burnrate.downgrade.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {

  private static Metrics metrics(Object... nameValue) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      Object v = nameValue[i + 1];
      m.put((String) nameValue[i], v == null ? null : ((Number) v).doubleValue());
    }
    return new Metrics(m);
  }

  private static boolean holds(String rule, Object... nameValue) throws RuleException {
    return Rule.compile(rule).evaluate(metrics(nameValue)).holds();
  }

  private static List<Metrics> days(double... complexity) {
    List<Metrics> out = new ArrayList<>();
    for (double c : complexity) {
      out.add(metrics("avg_complexity_score", c));
    }
    return out;
  }

  @Test
  void theTwoConditionExampleHoldsOnlyWhenBothSidesHold() throws RuleException {
    String rule = "avg_token_output < 200 and avg_complexity_score < 0.3";
    assertTrue(holds(rule, "avg_token_output", 150, "avg_complexity_score", 0.2));
    assertFalse(holds(rule, "avg_token_output", 250, "avg_complexity_score", 0.2));
    assertFalse(holds(rule, "avg_token_output", 150, "avg_complexity_score", 0.3));
  }

  @Test
  void theDailyExampleCompilesWithItsDayCount() throws RuleException {
    Rule rule = Rule.compile("avg_complexity_score < 0.4 for 7 days");
    assertEquals(Optional.of(7), rule.forDays());
    assertEquals("avg_complexity_score < 0.4", rule.celExpression());
    assertEquals(Set.of("avg_complexity_score"), rule.variables());
    assertEquals(Optional.empty(), Rule.compile("calls > 1").forDays());
  }

  @Test
  void aDailyRuleHoldsWhenEachOfTheLastSevenDaysQualifies() throws RuleException {
    Rule rule = Rule.compile("avg_complexity_score < 0.4 for 7 days");
    Verdict v = rule.evaluateDaily(days(0.9, 0.31, 0.2, 0.35, 0.1, 0.39, 0.3, 0.31));
    assertTrue(v.holds(), v.reason());
    assertEquals(7, v.days().size());
    assertEquals(
        "avg_complexity_score < 0.4 on each of the last 7 days (latest: avg_complexity_score=0.31)",
        v.reason());
  }

  @Test
  void aDailyRuleDoesNotHoldWhenOneOfTheDaysFails() throws RuleException {
    Rule rule = Rule.compile("avg_complexity_score < 0.4 for 7 days");
    Verdict v = rule.evaluateDaily(days(0.31, 0.2, 0.35, 0.45, 0.39, 0.3, 0.31));
    assertFalse(v.holds());
    assertFalse(v.days().get(3).holds());
    assertTrue(
        v.reason().contains("failed on 1 of the last 7 days (first: day 4 of 7"), v.reason());
    assertTrue(v.reason().contains("avg_complexity_score=0.45"), v.reason());
  }

  @Test
  void aDailyRuleDoesNotHoldWithFewerDaysOfDataThanItNeeds() throws RuleException {
    Verdict v =
        Rule.compile("avg_complexity_score < 0.4 for 7 days")
            .evaluateDaily(days(0.1, 0.1, 0.1, 0.1, 0.1));
    assertFalse(v.holds());
    assertTrue(v.reason().contains("needs 7 complete days of data but only 5 are available"));
  }

  @Test
  void aDayWithoutComplexityScoresBreaksADailyStreakAndIsNamed() throws RuleException {
    List<Metrics> week = new ArrayList<>(days(0.1, 0.1, 0.1, 0.1, 0.1, 0.1));
    week.add(3, Metrics.empty());
    Verdict v = Rule.compile("avg_complexity_score < 0.4 for 7 days").evaluateDaily(week);
    assertFalse(v.holds());
    assertEquals(Set.of("avg_complexity_score"), v.missing());
    assertTrue(v.days().get(3).reason().contains("missing avg_complexity_score"));
  }

  @Test
  void eachKindOfRuleRefusesTheOtherEvaluationMethod() throws RuleException {
    Rule daily = Rule.compile("calls > 1 for 2 days");
    Rule once = Rule.compile("calls > 1");
    assertThrows(IllegalStateException.class, () -> daily.evaluate(Metrics.empty()));
    assertThrows(IllegalStateException.class, () -> once.evaluateDaily(List.of()));
  }

  @Test
  void andBindsTighterThanOr() throws RuleException {
    String rule = "calls > 10 or calls < 5 and cost_usd > 100";
    assertTrue(holds(rule, "calls", 11, "cost_usd", 0));
    assertFalse(holds(rule, "calls", 3, "cost_usd", 0));
    assertTrue(holds(rule, "calls", 3, "cost_usd", 101));
  }

  @Test
  void parenthesesOverridePrecedence() throws RuleException {
    String rule = "(calls > 10 or calls < 5) and cost_usd > 100";
    assertFalse(holds(rule, "calls", 11, "cost_usd", 0));
    assertTrue(holds(rule, "calls", 11, "cost_usd", 101));
  }

  @Test
  void notAppliesToTheNearestComparisonOnly() throws RuleException {
    String rule = "not calls > 10 and cost_usd > 100";
    assertTrue(holds(rule, "calls", 5, "cost_usd", 101));
    assertFalse(holds(rule, "calls", 11, "cost_usd", 101));
    assertTrue(holds("not (calls > 10 and cost_usd > 100)", "calls", 11, "cost_usd", 5));
    assertTrue(holds("not not calls > 10", "calls", 11));
  }

  @Test
  void arithmeticBindsBeforeComparisonAndMultiplicationBeforeAddition() throws RuleException {
    assertTrue(holds("cost_usd / calls > 0.05", "cost_usd", 6, "calls", 100));
    assertFalse(holds("cost_usd / calls > 0.05", "cost_usd", 4, "calls", 100));
    assertTrue(holds("1 + 2 * calls == 7", "calls", 3));
    assertTrue(holds("(1 + 2) * calls == 9", "calls", 3));
    assertTrue(holds("calls - 1 - 1 == 1", "calls", 3));
    assertTrue(holds("error_rate > -0.5", "error_rate", 0));
    assertTrue(holds("calls != 3", "calls", 4));
    assertFalse(holds("calls != 3", "calls", 3));
    assertTrue(holds("calls >= 3 and calls <= 3", "calls", 3));
  }

  @Test
  void divisionByZeroMakesTheComparisonFalseEvenUnderNot() throws RuleException {
    Verdict v =
        Rule.compile("cost_usd / calls > 0.05").evaluate(metrics("cost_usd", 6, "calls", 0));
    assertFalse(v.holds());
    assertTrue(v.reason().contains("calls=0"), v.reason());
    assertTrue(
        v.reason()
            .endsWith("; division by zero: calls is 0 (comparisons dividing by it are false)"),
        v.reason());
    assertFalse(
        Rule.compile("cost_usd / calls > 0.05")
            .evaluate(metrics("cost_usd", 6, "calls", 2))
            .reason()
            .contains("division by zero"));
    assertFalse(holds("cost_usd / calls <= 0.05", "cost_usd", 6, "calls", 0));
    assertFalse(holds("not (cost_usd / calls > 0.05)", "cost_usd", 6, "calls", 0));
    assertFalse(holds("calls / (cost_usd / calls) > 1", "cost_usd", 6, "calls", 0));
  }

  @Test
  void aMissingValueMakesItsComparisonFalseAndIsReported() throws RuleException {
    Rule rule = Rule.compile("avg_complexity_score < 0.4 or avg_token_output < 200");
    Verdict v = rule.evaluate(metrics("avg_complexity_score", null, "avg_token_output", 100));
    assertTrue(v.holds(), "the other side of 'or' can still hold");
    assertEquals(Set.of("avg_complexity_score"), v.missing());
    assertFalse(rule.evaluate(metrics("avg_token_output", 300)).holds());
    assertFalse(holds("not avg_complexity_score < 0.4", "calls", 1));
    assertFalse(holds("avg_complexity_score != 0.4"));
    assertFalse(holds("not avg_complexity_score == 0.4"));
  }

  @Test
  void theReasonNamesTheValuesThatDecided() throws RuleException {
    Verdict v =
        Rule.compile("avg_token_output < 200 and avg_complexity_score < 0.3")
            .evaluate(metrics("avg_token_output", 150, "avg_complexity_score", 0.25, "calls", 9));
    assertEquals(
        "avg_token_output=150, avg_complexity_score=0.25 satisfy"
            + " avg_token_output < 200 and avg_complexity_score < 0.3",
        v.reason());
    assertEquals(List.of(), v.days());
  }

  @Test
  void everyDocumentedVariableCompiles() throws RuleException {
    for (String name : Variable.NAMES) {
      assertTrue(holds(name + " >= 0", name, 0.5), name);
    }
    assertEquals(8, Variable.NAMES.size());
  }

  @Test
  void metricsRejectUnknownNamesAndNonFiniteNumbers() {
    assertThrows(IllegalArgumentException.class, () -> metrics("cost", 1));
    assertThrows(IllegalArgumentException.class, () -> metrics("calls", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> metrics("calls", Double.POSITIVE_INFINITY));
  }

  @Test
  void aRuleNearTheLengthAndDepthLimitsStillCompiles() throws RuleException {
    String nested =
        String.join("", Collections.nCopies(Parser.MAX_DEPTH, "("))
            + "calls > 1"
            + String.join("", Collections.nCopies(Parser.MAX_DEPTH, ")"));
    assertTrue(holds(nested, "calls", 2));
    StringBuilder wide = new StringBuilder("calls > 0");
    while (wide.length() < Parser.MAX_LENGTH - 20) {
      wide.append(" or calls > 0");
    }
    assertTrue(holds(wide.toString(), "calls", 1));
  }

  @Test
  void theCelTextPushesNotToComparisonsAndGuardsDivisors() throws RuleException {
    assertEquals(
        "(((calls < 0.0 || calls > 0.0) && (cost_usd / calls) <= 0.05)"
            + " && (calls < 3.0 || calls > 3.0))",
        Rule.compile("not (cost_usd / calls > 0.05 or calls == 3)").celExpression());
    assertEquals(
        "((calls < 0.0 || calls > 0.0) && (cost_usd / calls) > 0.05)",
        Rule.compile("cost_usd / calls > 0.05").celExpression());
    assertEquals(
        "(avg_token_output < 200.0 && avg_complexity_score < 0.3)",
        Rule.compile("avg_token_output < 200 and avg_complexity_score < 0.3").celExpression());
    assertEquals("error_rate > (-0.5)", Rule.compile("error_rate > -0.5").celExpression());
  }
}
