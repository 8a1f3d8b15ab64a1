package dev.burnrate.usage;

/**
 * Bad input to a domain query, said in domain words: which field, what is wrong with it, and what
 * to do. Each adapter shows it under the name its caller typed ({@code time_range.from} over MCP,
 * {@code --from} on the command line) with {@link #messageFor(String)}.
 */
public final class QueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String problem;

  /**
   * @param field the query field, in domain words ({@code from}, {@code top_n})
   * @param problem what is wrong and what to do, written to follow the field's name
   */
  public QueryException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  /** The message with the field shown as the caller named it. */
  public String messageFor(String argument) {
    return argument + " " + problem;
  }
}
