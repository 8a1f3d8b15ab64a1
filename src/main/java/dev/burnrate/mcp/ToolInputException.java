package dev.burnrate.mcp;

/**
 * Bad tool arguments. The message names the argument, the offending value and what to do instead;
 * it is shown to the calling agent as an {@code isError} result.
 */
public final class ToolInputException extends Exception {
  public ToolInputException(String message) {
    super(message);
  }
}
