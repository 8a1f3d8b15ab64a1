package dev.burnrate.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is unusable; {@link #problems()} lists everything wrong, in file order. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String header =
        problems.size() == 1 ? "1 config problem" : problems.size() + " config problems";
    return problems.stream()
        .map(Problem::toString)
        .collect(Collectors.joining("\n  ", header + ":\n  ", ""));
  }
}
