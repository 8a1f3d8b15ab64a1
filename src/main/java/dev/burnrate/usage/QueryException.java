package dev.burnrate.usage;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad input to a domain query, said in domain words: which field, what is wrong with it, and what
 * to do. Each adapter shows it under the name its caller typed ({@code time_range.from} over MCP,
 * {@code --from} on the command line) with {@link #messageFor(String)}.
 */
public final class QueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final Pattern REF = Pattern.compile("\\{([a-z_]+)}");
  private final String field;
  private final String problem;

  /**
   * @param field the query field, in domain words ({@code from}, {@code top_n})
   * @param problem what is wrong and what to do, written to follow the field's name
   */
  public QueryException(String field, String problem) {
    super(field + " " + render(problem, UnaryOperator.identity()));
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  /** The message with the field shown as the caller named it. */
  public String messageFor(String argument) {
    return argument + " " + render(problem, UnaryOperator.identity());
  }

  /**
   * The message with every field shown as the caller named it: the field itself and any other field
   * the problem refers to as {@code {name}} ({@code from ... is not before {to} ...}).
   */
  public String messageFor(UnaryOperator<String> argumentOf) {
    return argumentOf.apply(field) + " " + render(problem, argumentOf);
  }

  private static String render(String problem, UnaryOperator<String> argumentOf) {
    Matcher m = REF.matcher(problem);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(argumentOf.apply(m.group(1))));
    }
    return m.appendTail(sb).toString();
  }
}
