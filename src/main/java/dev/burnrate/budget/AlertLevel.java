package dev.burnrate.budget;

import java.util.Optional;

/**
 * How far spend has gone on one scope: {@code ok} below every threshold, else the action of the
 * highest threshold reached. Ordered by severity.
 */
public enum AlertLevel {
  OK("ok"),
  NOTIFY("notify"),
  VETO_NEW_DEPLOYS("veto-new-deploys"),
  FREEZE_AND_ESCALATE("freeze-and-escalate");

  private final String wireName;

  AlertLevel(String wireName) {
    this.wireName = wireName;
  }

  /** The level an action stands for. */
  public static AlertLevel of(AlertAction action) {
    switch (action) {
      case NOTIFY:
        return NOTIFY;
      case VETO_NEW_DEPLOYS:
        return VETO_NEW_DEPLOYS;
      case FREEZE_AND_ESCALATE:
        return FREEZE_AND_ESCALATE;
      default:
        throw new IllegalArgumentException("no level for action " + action);
    }
  }

  /** The level of the highest threshold reached, {@link #OK} when none is. */
  public static AlertLevel of(Optional<AlertThreshold> reached) {
    return reached.map(t -> of(t.action())).orElse(OK);
  }

  /** The name shown in tool output and files. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
