package dev.burnrate.budget;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What happens when spend crosses an alert threshold, in escalating order. */
public enum AlertAction {
  NOTIFY("notify"),
  VETO_NEW_DEPLOYS("veto-new-deploys"),
  FREEZE_AND_ESCALATE("freeze-and-escalate");

  private final String wireName;

  AlertAction(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in {@code budget.yaml} and in tool output. */
  public String wireName() {
    return wireName;
  }

  public static Optional<AlertAction> fromWireName(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }

  /** {@code notify, veto-new-deploys, freeze-and-escalate}, for messages. */
  public static String wireNames() {
    return Arrays.stream(values()).map(AlertAction::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
