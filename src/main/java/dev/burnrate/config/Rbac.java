package dev.burnrate.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validated {@code rbac.yml}: which entitlement each tool needs, which entitlements each role
 * grants, which roles each principal has, and the principal used when none is named.
 */
public record Rbac(
    Map<String, String> toolEntitlements,
    Map<String, Set<String>> roles,
    Map<String, Set<String>> principals,
    Optional<String> defaultPrincipal) {

  public Rbac {
    toolEntitlements = Map.copyOf(toolEntitlements);
    roles = Map.copyOf(roles);
    principals = Map.copyOf(principals);
  }
}
