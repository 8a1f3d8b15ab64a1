package dev.burnrate.budget;

/** What a ceiling applies to: the whole fleet, one agent, or a team of agents. */
public enum Scope {
  TOTAL("total"),
  AGENT("agent"),
  TEAM("team");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /** The name shown in tool output and used in alert file names. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
