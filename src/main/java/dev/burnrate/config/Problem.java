package dev.burnrate.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with the configuration, located for the operator who has to fix it.
 *
 * @param file the file name inside the config directory ({@code budget.yaml}), or the directory
 *     itself when the problem is about the directory
 * @param line 1-based line of the offending key or value; 0 when the problem is about the whole
 *     file (unreadable, both {@code .yml} and {@code .yaml} present)
 * @param col 1-based column, 0 together with {@code line}
 * @param path where in the document, e.g. {@code tools.comfy_generate_video.cost_per_ms} or {@code
 *     alerts[1].action} (list indexes count from 0); empty for the document itself
 * @param message what is wrong, naming the bad value, and what to do about it
 */
public record Problem(String file, int line, int col, String path, String message) {

  /** File, then line, then column: the order an operator reads and fixes them in. */
  public static final Comparator<Problem> BY_POSITION =
      Comparator.comparing(Problem::file)
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::col);

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:col path: message}; position and path are left out when they are empty. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line).append(':').append(col);
    }
    if (!path.isEmpty()) {
      s.append(' ').append(path);
    }
    return s.append(": ").append(message).toString();
  }
}
