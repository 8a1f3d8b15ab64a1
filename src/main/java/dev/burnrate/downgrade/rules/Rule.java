package dev.burnrate.downgrade.rules;

import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compiled {@code when:} condition of a downgrade recommendation, such as {@code
 * avg_complexity_score < 0.4 for 7 days} or {@code avg_token_output < 200 and avg_complexity_score
 * < 0.3}.
 *
 * <p>Grammar (EBNF; keywords lower case, spaces and tabs between tokens are free):
 *
 * <pre>
 * rule       = condition [ "for" days "days" ] ;          days: whole number 1..90
 * condition  = conjunct { "or" conjunct } ;
 * conjunct   = negation { "and" negation } ;
 * negation   = "not" negation | comparison ;
 * comparison = sum [ ( "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!=" ) sum ] ;
 * sum        = product { ( "+" | "-" ) product } ;
 * product    = factor { ( "*" | "/" ) factor } ;
 * factor     = number | variable | "(" condition ")" ;
 * number     = [ "-" ] digit { digit } [ "." digit { digit } ] ;
 * </pre>
 *
 * A rule must be a condition (a comparison, or comparisons joined with {@code and}, {@code or},
 * {@code not}); comparisons take numbers on both sides and do not chain. At most 1,000 characters,
 * 32 levels of parentheses or {@code not}, and 120 levels of operations nested in one another (a
 * chain such as {@code a + b + c} nests one level per operator; a chain of {@code and} or of {@code
 * or} is one level), which keeps every accepted rule within what CEL evaluates.
 *
 * <p>Variables, all doubles:
 *
 * <ul>
 *   <li>{@code avg_complexity_score}: mean {@code complexity_score} (0..1) over the agent's calls
 *       that carry a score; missing when none does.
 *   <li>{@code avg_token_output}: mean output tokens per LLM call.
 *   <li>{@code avg_token_input}: mean input tokens per LLM call.
 *   <li>{@code calls}: number of calls (LLM and tool).
 *   <li>{@code cost_usd}: dollars spent.
 *   <li>{@code error_rate}: (failed + error) / calls, 0..1.
 *   <li>{@code tool_variety}: distinct tools used / tools available, 0..1.
 *   <li>{@code token_output_vs_fleet}: the agent's mean output tokens per LLM call divided by the
 *       fleet's; 1 means average.
 * </ul>
 *
 * <p>Undefined values: a comparison with a missing variable on either side is false, and so is a
 * comparison whose operands divide by zero. This holds under {@code not} too: {@code not (x < 1)}
 * means {@code x >= 1}, which is false when {@code x} is missing. A rule therefore never holds
 * merely because data was absent; the {@link Verdict} names the missing variables.
 *
 * <p>Safety: the text is parsed by a strict parser that knows only the grammar above, translated to
 * CEL, and type-checked by CEL in an environment with only these variables and arithmetic. Any
 * other input fails in {@link #compile} with a column; nothing is evaluated unless compile
 * succeeded. Compile also evaluates the rule once with every variable missing, so a rule the
 * expression engine would refuse at run time (a limit of its own) fails here, at load, instead of
 * being skipped later. Instances are immutable and thread-safe.
 */
public final class Rule {
  private final String text;
  private final Optional<Integer> forDays;
  private final String celExpression;
  private final Set<String> variables;
  private final CelRuntime.Program program;
  private final Map<String, CelRuntime.Program> divisors;

  private Rule(
      String text,
      Optional<Integer> forDays,
      String celExpression,
      Set<String> variables,
      CelRuntime.Program program,
      Map<String, CelRuntime.Program> divisors) {
    this.text = text;
    this.forDays = forDays;
    this.celExpression = celExpression;
    this.variables = variables;
    this.program = program;
    this.divisors = divisors;
  }

  /**
   * The check {@code validate-config} runs: everything {@link #compile} does, so a rule that
   * validates is a rule that runs. The first call loads the expression engine (a few hundred
   * milliseconds).
   */
  public static void check(String text) throws RuleException {
    compile(text);
  }

  /**
   * The check every other config load runs, without the expression engine: the strict grammar and
   * its bounds (operation depth below the engine's recursion limit), which admit only rules the
   * engine type-checks and evaluates ({@code RuleLimitsTest} holds that), so a server or command
   * does not pay the engine's start-up before it answers.
   */
  public static void parse(String text) throws RuleException {
    CelText.of(Parser.parse(text).condition());
  }

  /** Parses, translates and type-checks {@code text}; the only way to obtain a rule. */
  public static Rule compile(String text) throws RuleException {
    Parser.Parsed parsed = Parser.parse(text);
    String cel = CelText.of(parsed.condition());
    Set<String> used = new LinkedHashSet<>();
    collect(parsed.condition(), used);
    Map<String, CelRuntime.Program> divisors = new LinkedHashMap<>();
    for (String divisor : CelText.divisors(parsed.condition())) {
      divisors.put(divisor, CelEngine.compileNumber(divisor));
    }
    Rule rule =
        new Rule(
            text.strip(),
            parsed.forDays(),
            cel,
            Collections.unmodifiableSet(used),
            CelEngine.compile(cel),
            Collections.unmodifiableMap(divisors));
    try {
      rule.once(Metrics.empty());
    } catch (IllegalStateException e) {
      throw new RuleException(1, "the rule cannot be evaluated: " + e.getMessage());
    }
    return rule;
  }

  /** The rule as written, without surrounding whitespace. */
  public String text() {
    return text;
  }

  /** N for rules ending in {@code for N days}. */
  public Optional<Integer> forDays() {
    return forDays;
  }

  /** The CEL text that is evaluated (negations pushed to comparisons, divisions guarded). */
  public String celExpression() {
    return celExpression;
  }

  /** Variables the rule reads, in order of first appearance. */
  public Set<String> variables() {
    return variables;
  }

  /**
   * Evaluates a rule without a {@code for N days} suffix over one window.
   *
   * @throws IllegalStateException if the rule has a suffix; use {@link #evaluateDaily}
   */
  public Verdict evaluate(Metrics window) {
    if (forDays.isPresent()) {
      throw new IllegalStateException(
          "'" + text + "' is a daily rule; evaluate it with evaluateDaily over the last days");
    }
    return once(window);
  }

  /**
   * Evaluates a {@code for N days} rule: it holds when the condition held on each of the last N
   * complete days. {@code days} is ordered oldest first; only the last N entries are read. Fewer
   * than N days means it does not hold.
   *
   * @throws IllegalStateException if the rule has no suffix; use {@link #evaluate}
   */
  public Verdict evaluateDaily(List<Metrics> days) {
    int n =
        forDays.orElseThrow(
            () ->
                new IllegalStateException(
                    "'" + text + "' has no 'for N days' suffix; evaluate it with evaluate"));
    if (days.size() < n) {
      return new Verdict(
          false,
          "'"
              + text
              + "' needs "
              + n
              + " complete days of data but only "
              + days.size()
              + (days.size() == 1 ? " is" : " are")
              + " available",
          Set.of(),
          List.of());
    }
    List<Verdict> results = new ArrayList<>();
    Set<String> missing = new TreeSet<>();
    List<Integer> failed = new ArrayList<>();
    for (Metrics day : days.subList(days.size() - n, days.size())) {
      Verdict v = once(day);
      results.add(v);
      missing.addAll(v.missing());
      if (!v.holds()) {
        failed.add(results.size());
      }
    }
    String condition = stripSuffix();
    String reason;
    if (failed.isEmpty()) {
      reason =
          condition
              + " on each of the last "
              + n
              + " days (latest: "
              + values(days.get(days.size() - 1))
              + ")";
    } else {
      Verdict first = results.get(failed.get(0) - 1);
      reason =
          "'"
              + condition
              + "' failed on "
              + failed.size()
              + " of the last "
              + n
              + " days (first: day "
              + failed.get(0)
              + " of "
              + n
              + ", "
              + first.reason()
              + ")";
    }
    return new Verdict(failed.isEmpty(), reason, missing, results);
  }

  private Verdict once(Metrics window) {
    Map<String, Double> bindings = new HashMap<>();
    Set<String> missing = new TreeSet<>();
    for (String name : Variable.NAMES) {
      Optional<Double> v = window.get(name);
      bindings.put(name, v.orElse(Double.NaN));
      if (v.isEmpty() && variables.contains(name)) {
        missing.add(name);
      }
    }
    boolean holds = CelEngine.eval(program, bindings);
    List<String> zero = new ArrayList<>();
    for (Map.Entry<String, CelRuntime.Program> d : divisors.entrySet()) {
      if (CelEngine.evalNumber(d.getValue(), bindings) == 0.0) {
        zero.add(d.getKey());
      }
    }
    String condition = stripSuffix();
    String reason =
        values(window)
            + (holds ? " satisfy " : " do not satisfy ")
            + condition
            + (missing.isEmpty()
                ? ""
                : "; missing " + String.join(", ", missing) + " (comparisons with it are false)")
            + (zero.isEmpty()
                ? ""
                : "; division by zero: "
                    + String.join(", ", zero)
                    + " is 0 (comparisons dividing by it are false)");
    return new Verdict(holds, reason, missing, List.of());
  }

  private String stripSuffix() {
    return forDays.isEmpty() ? text : text.replaceFirst("\\s+for\\s+\\d+\\s+days$", "");
  }

  private String values(Metrics window) {
    List<String> parts = new ArrayList<>();
    for (String name : variables) {
      parts.add(name + "=" + window.get(name).map(Rule::format).orElse("missing"));
    }
    return String.join(", ", parts);
  }

  private static String format(double d) {
    return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Node.Var v) {
      out.add(v.variable().ruleName());
    } else if (n instanceof Node.Arith a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (n instanceof Node.Compare c) {
      collect(c.left(), out);
      collect(c.right(), out);
    } else if (n instanceof Node.And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (n instanceof Node.Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    } else if (n instanceof Node.Not not) {
      collect(not.operand(), out);
    }
  }
}
