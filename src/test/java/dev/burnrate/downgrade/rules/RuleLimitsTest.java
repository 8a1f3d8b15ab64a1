package dev.burnrate.downgrade.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Whatever the parser accepts must also compile and evaluate in CEL. */
class RuleLimitsTest {
  private static final Pattern TERM = Pattern.compile("-?\\d+(\\.\\d+)?|[a-z_]+");
  private static final Metrics CALLS_7 = Metrics.empty().with("calls", 7.0);

  private static int terms(String rule) {
    int n = 0;
    Matcher m = TERM.matcher(rule.replaceAll("\\b(and|or|not)\\b", " "));
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String chain(String first, String op, String term, int terms) {
    return first + (" " + op + " " + term).repeat(terms - 1);
  }

  private static void assertRuns(String rule) {
    Rule compiled = assertDoesNotThrow(() -> Rule.compile(rule), rule);
    assertDoesNotThrow(() -> compiled.evaluate(Metrics.empty()), rule);
    assertDoesNotThrow(() -> compiled.evaluate(CALLS_7), rule);
  }

  @Test
  void aChainOfTwoHundredSixtyTermsIsRejectedAtCheckInsteadOfSkippedAtEvaluation() {
    // What broke: 1+1+...+1 < calls with ~260 terms passed the load-time check, then CEL refused
    // it at evaluation ("Expression recursion limit exceeded: 250") and the rule was skipped.
    String rule = "1" + "+1".repeat(259) + " < calls";
    RuleException e = assertThrows(RuleException.class, () -> Rule.check(rule));
    // The '+' that adds the 121st term, where the chain becomes 121 levels deep.
    assertEquals(2 * Parser.MAX_OPERATION_DEPTH, e.column(), e.getMessage());
    assertTrue(e.getMessage().contains("more than 120 levels deep at '+'"), e.getMessage());
  }

  @Test
  void theOperationDepthLimitAppliesToEveryOperatorButNotToFlatAndOrChains() {
    int max = Parser.MAX_OPERATION_DEPTH;
    assertRuns(chain("calls", "*", "calls", max - 1) + " > 1");
    assertThrows(RuleException.class, () -> Rule.check(chain("calls", "*", "calls", max) + " > 1"));
    assertThrows(RuleException.class, () -> Rule.check(chain("-1", "-", "-1", max) + " > 1"));
    assertThrows(RuleException.class, () -> Rule.check(chain("1", "/", "(1)", max) + " > 1"));
    // 76 comparisons joined by 'or' are one level in CEL, so the 1,000 characters allow them.
    assertRuns(chain("calls > 0", "or", "calls > 0", 76));
    assertRuns(chain("1 < 2", "and", "1 < 2", 100));
  }

  @Test
  void aHundredTermsOfMixedOperatorsAndNestedParenthesesEvaluate() throws RuleException {
    // Each step wraps the expression one level deeper and keeps its value equal to calls.
    String e = "calls";
    for (int i = 0; i < 18; i++) {
      e = "(" + e + " + calls * 2 - calls * 2) / 1";
    }
    String rule = "not (" + e + " - 1 + 1 >= calls + 0.5) or calls < 0 - 1 * 1 + 0";
    assertEquals(100, terms(rule));
    Rule compiled = Rule.compile(rule);
    assertTrue(compiled.evaluate(CALLS_7).holds(), compiled.celExpression());
    assertFalse(compiled.evaluate(Metrics.empty()).holds());
    assertRuns("1" + "+1".repeat(99) + " < calls");
  }

  @Test
  void theDeepestRuleOfEveryShapeTheParserAcceptsEvaluates() {
    List<IntFunction<String>> shapes = new ArrayList<>();
    String open = "(".repeat(Parser.MAX_DEPTH);
    String close = ")".repeat(Parser.MAX_DEPTH);
    shapes.add(k -> chain("calls", "+", "calls", k) + " < 1");
    shapes.add(k -> chain("-1", "/", "-1.5", k) + " != calls");
    shapes.add(k -> open + chain("calls", "*", "2", k) + close + " >= 3");
    shapes.add(k -> "calls - (" + chain("calls", "-", "2", k) + ") == 3");
    // Divisors nested in divisors: every level adds a guard that repeats the one inside.
    shapes.add(
        k -> {
          String d = "calls";
          for (int i = 0; i < Math.min(k, Parser.MAX_DEPTH - 1); i++) {
            d = "1 / (calls - " + d + ")";
          }
          return d + " + calls".repeat(Math.max(0, k - Parser.MAX_DEPTH)) + " != 0";
        });
    shapes.add(k -> chain("1 != calls", "or", "calls != 2", k));
    shapes.add(k -> chain("1 / calls < 2", "and", "calls / 2 > 1", k));
    shapes.add(
        k -> {
          String c = "calls > 1";
          for (int i = 0; i < Math.min(k, Parser.MAX_DEPTH / 2); i++) {
            c = "not (" + c + (i % 2 == 0 ? " or " : " and ") + "calls != " + i + ")";
          }
          return c;
        });
    for (IntFunction<String> shape : shapes) {
      String deepest = null;
      for (int k = 1; k < 1_000; k++) {
        String rule = shape.apply(k);
        try {
          Parser.parse(rule);
          deepest = rule;
        } catch (RuleException e) {
          break;
        }
      }
      assertTrue(deepest != null, shape.apply(1));
      assertRuns(deepest);
    }
  }

  @Test
  void deepParenthesesEvaluateUpToTheLimitAndAreRejectedBeyondIt() throws RuleException {
    int d = Parser.MAX_DEPTH;
    Rule deepest = Rule.compile("(".repeat(d) + "calls > 1" + ")".repeat(d));
    assertTrue(deepest.evaluate(CALLS_7).holds());
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> Rule.check("(".repeat(d + 1) + "calls > 1" + ")".repeat(d + 1)));
    assertEquals(d + 1, e.column());
  }

  @Test
  void randomRulesThatTheParserAcceptsAllEvaluate() {
    Random random = new Random(20261129L);
    int accepted = 0;
    for (int i = 0; i < 10; i++) {
      String rule = condition(random, 0, 8 + random.nextInt(150));
      try {
        Parser.parse(rule);
      } catch (RuleException e) {
        continue;
      }
      accepted++;
      assertRuns(rule);
    }
    assertTrue(accepted >= 4, accepted + " of 10 generated rules were accepted");
  }

  private static String condition(Random r, int depth, int budget) {
    if (budget >= 4 && depth < 10 && r.nextInt(3) == 0) {
      int left = budget / 2;
      return switch (r.nextInt(3)) {
        case 0 -> condition(r, depth + 1, left) + " and " + condition(r, depth + 1, budget - left);
        case 1 -> condition(r, depth + 1, left) + " or " + condition(r, depth + 1, budget - left);
        default -> "not (" + condition(r, depth + 1, budget) + ")";
      };
    }
    String[] ops = {"<", "<=", ">", ">=", "==", "!="};
    int left = Math.max(1, budget / 2);
    return number(r, depth, left)
        + " "
        + ops[r.nextInt(ops.length)]
        + " "
        + number(r, depth, Math.max(1, budget - left));
  }

  private static String number(Random r, int depth, int budget) {
    if (budget <= 1) {
      return switch (r.nextInt(3)) {
        case 0 -> "calls";
        case 1 -> "-" + r.nextInt(10);
        default -> r.nextInt(100) + "." + r.nextInt(10);
      };
    }
    String[] ops = {"+", "-", "*", "/"};
    if (depth < 30 && r.nextInt(4) == 0) {
      return "(" + number(r, depth + 1, budget) + ")";
    }
    if (r.nextBoolean()) {
      // A left-leaning chain: the shape that nests deepest in CEL.
      StringBuilder s = new StringBuilder(number(r, depth, 1));
      for (int i = 1; i < budget; i++) {
        s.append(' ').append(ops[r.nextInt(4)]).append(' ').append(number(r, depth, 1));
      }
      return s.toString();
    }
    int left = budget / 2;
    return number(r, depth + 1, left)
        + " "
        + ops[r.nextInt(4)]
        + " ("
        + number(r, depth + 1, budget - left)
        + ")";
  }
}
