package dev.burnrate.downgrade.rules;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a rule held, and why, in words an operator can check against the data.
 *
 * @param holds true when the condition held (on every required day for {@code for N days} rules)
 * @param reason one human-readable sentence naming the values that decided it
 * @param missing rule variables that had no value (in any of the days considered)
 * @param days per-day verdicts, oldest first, for {@code for N days} rules; empty otherwise
 */
public record Verdict(boolean holds, String reason, Set<String> missing, List<Verdict> days) {
  public Verdict {
    Objects.requireNonNull(reason, "reason");
    missing = Collections.unmodifiableSortedSet(new TreeSet<>(missing));
    days = List.copyOf(days);
  }
}
