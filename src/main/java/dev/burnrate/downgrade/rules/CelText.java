package dev.burnrate.downgrade.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an accepted rule tree into CEL source text over double variables.
 *
 * <p>Design note: missing values travel into CEL as NaN, so the translation is chosen to make every
 * comparison with an undefined side false, including under {@code not}:
 *
 * <ul>
 *   <li>{@code not} is pushed down to the comparisons (negation normal form, De Morgan), so {@code
 *       not (x < 1)} becomes {@code x >= 1}, which is false for NaN like {@code x < 1} is;
 *   <li>{@code a != b} becomes {@code (a < b || a > b)}, because IEEE {@code !=} is true for NaN;
 *   <li>a comparison whose operands divide is guarded by "each divisor is non-zero", so division by
 *       zero makes that comparison false instead of comparing an infinity.
 * </ul>
 *
 * For defined values the result equals the rule as written: without NaN, doubles are totally
 * ordered.
 */
final class CelText {
  private static final Map<String, String> COMPLEMENT =
      Map.of("<", ">=", "<=", ">", ">", "<=", ">=", "<", "==", "!=", "!=", "==");

  private CelText() {}

  static String of(Node condition) {
    return condition(condition, false);
  }

  private static String condition(Node n, boolean negated) {
    if (n instanceof Node.Not not) {
      return condition(not.operand(), !negated);
    }
    if (n instanceof Node.And || n instanceof Node.Or) {
      boolean isAnd = n instanceof Node.And;
      List<Node> operands = new ArrayList<>();
      flatten(n, n.getClass(), operands);
      String joiner = (isAnd != negated) ? " && " : " || ";
      List<String> parts = new ArrayList<>();
      for (Node operand : operands) {
        parts.add(condition(operand, negated));
      }
      return "(" + String.join(joiner, parts) + ")";
    }
    if (n instanceof Node.Compare c) {
      String op = negated ? COMPLEMENT.get(c.op()) : c.op();
      String left = number(c.left());
      String right = number(c.right());
      String core =
          op.equals("!=")
              ? "(" + left + " < " + right + " || " + left + " > " + right + ")"
              : left + " " + op + " " + right;
      List<String> divisors = new ArrayList<>();
      divisors(c.left(), divisors);
      divisors(c.right(), divisors);
      if (divisors.isEmpty()) {
        return core;
      }
      List<String> guarded = new ArrayList<>();
      for (String d : divisors) {
        guarded.add("(" + d + " < 0.0 || " + d + " > 0.0)");
      }
      guarded.add(core);
      return "(" + String.join(" && ", guarded) + ")";
    }
    throw new IllegalStateException("not a condition: " + n);
  }

  private static void flatten(Node n, Class<?> kind, List<Node> out) {
    if (n instanceof Node.And a && kind == Node.And.class) {
      flatten(a.left(), kind, out);
      flatten(a.right(), kind, out);
    } else if (n instanceof Node.Or o && kind == Node.Or.class) {
      flatten(o.left(), kind, out);
      flatten(o.right(), kind, out);
    } else {
      out.add(n);
    }
  }

  /** The CEL text of every divisor in the condition, innermost first, without repeats. */
  static List<String> divisors(Node condition) {
    List<String> out = new ArrayList<>();
    allDivisors(condition, out);
    return out.stream().distinct().collect(java.util.stream.Collectors.toList());
  }

  private static void allDivisors(Node n, List<String> out) {
    if (n instanceof Node.Compare c) {
      divisors(c.left(), out);
      divisors(c.right(), out);
    } else if (n instanceof Node.And a) {
      allDivisors(a.left(), out);
      allDivisors(a.right(), out);
    } else if (n instanceof Node.Or o) {
      allDivisors(o.left(), out);
      allDivisors(o.right(), out);
    } else if (n instanceof Node.Not not) {
      allDivisors(not.operand(), out);
    }
  }

  /** Divisors innermost first, so a guard never divides by an unguarded zero itself. */
  private static void divisors(Node n, List<String> out) {
    if (n instanceof Node.Arith a) {
      divisors(a.left(), out);
      divisors(a.right(), out);
      if (a.op() == '/') {
        out.add(number(a.right()));
      }
    }
  }

  static String number(Node n) {
    if (n instanceof Node.Num num) {
      String plain = new BigDecimal(num.text()).toPlainString();
      String literal = plain.contains(".") ? plain : plain + ".0";
      return literal.startsWith("-") ? "(" + literal + ")" : literal;
    }
    if (n instanceof Node.Var v) {
      return v.variable().ruleName();
    }
    if (n instanceof Node.Arith a) {
      return "(" + number(a.left()) + " " + a.op() + " " + number(a.right()) + ")";
    }
    throw new IllegalStateException("not a number: " + n);
  }
}
