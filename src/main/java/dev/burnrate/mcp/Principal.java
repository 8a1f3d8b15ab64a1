package dev.burnrate.mcp;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The agent a server runs for: its name, roles and the entitlements those roles grant. {@value
 * #ADMIN} grants every entitlement, as {@code rbac.yml} documents it.
 */
public record Principal(String name, SortedSet<String> roles, Set<String> entitlements) {
  public static final String ADMIN = "tools.cost.admin";

  public Principal {
    Objects.requireNonNull(name, "name");
    roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    entitlements = Set.copyOf(entitlements);
  }

  public boolean has(String entitlement) {
    return entitlements.contains(entitlement) || entitlements.contains(ADMIN);
  }
}
