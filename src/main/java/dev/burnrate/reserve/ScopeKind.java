package dev.burnrate.reserve;

/** The kinds of scope a reservation is checked against, with their wire names. */
public enum ScopeKind {
  AGENT_MONTH("agent_month"),
  TEAM_MONTH("team_month"),
  FLEET_MONTH("fleet_month"),
  AGENT_DAY("agent_day"),
  RUN("run"),
  AGENT_LAST_HOUR("agent_last_hour"),
  AGENT_LAST_24H("agent_last_24h");

  private final String wire;

  ScopeKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether spend in this scope belongs to one agent (rather than a team, the fleet or a run). */
  public boolean perAgent() {
    return this == AGENT_MONTH
        || this == AGENT_DAY
        || this == AGENT_LAST_HOUR
        || this == AGENT_LAST_24H;
  }
}
