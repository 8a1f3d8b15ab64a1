package dev.burnrate.mcp;

import dev.burnrate.config.Rbac;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** Resolves who a server runs for, and what each tool requires, from {@code rbac.yml}. */
public final class Principals {
  public static final String ENV = "BURNRATE_PRINCIPAL";

  private Principals() {}

  /**
   * The principal named by {@code explicitName} (e.g. {@code --principal}), else by {@code
   * envValue} (the value of {@value #ENV}), else {@code rbac.defaultPrincipal}. Null means not
   * given; a name that is given but blank is an error rather than a silent fall-back to the
   * default, which may hold more entitlements than the caller meant to run with.
   *
   * @throws PrincipalException when none is named, the one named is blank, or it is not in {@code
   *     rbac.principals}
   */
  public static Principal resolve(Rbac rbac, String explicitName, String envValue) {
    if (explicitName != null && explicitName.isBlank()) {
      throw new PrincipalException(
          "--principal is empty; pass --principal NAME with one of the principals in rbac.yml ("
              + known(rbac)
              + "), or leave the flag out to use "
              + ENV
              + " or default_principal");
    }
    if (explicitName == null && envValue != null && envValue.isBlank()) {
      throw new PrincipalException(
          ENV
              + " is set but empty; set it to one of the principals in rbac.yml ("
              + known(rbac)
              + "), or unset it to use default_principal");
    }
    String name = firstNonNull(explicitName, envValue, rbac.defaultPrincipal().orElse(null));
    if (name == null) {
      throw new PrincipalException(
          "no principal named; pass --principal NAME, set "
              + ENV
              + ", or set default_principal in rbac.yml (known principals: "
              + known(rbac)
              + ")");
    }
    Set<String> roles = rbac.principals().get(name);
    if (roles == null) {
      throw new PrincipalException(
          "principal '"
              + name
              + "' is not in rbac.yml; known principals: "
              + known(rbac)
              + ". Name one of them or add it under principals");
    }
    Set<String> entitlements = new HashSet<>();
    for (String role : roles) {
      entitlements.addAll(rbac.roles().getOrDefault(role, Set.of()));
    }
    return new Principal(name, new TreeSet<>(roles), entitlements);
  }

  /** The entitlement a tool needs: the {@code rbac.yml} mapping if any, else the tool's own. */
  public static String entitlementFor(Rbac rbac, CostTool tool) {
    return rbac.toolEntitlements().getOrDefault(tool.name(), tool.entitlement());
  }

  private static String known(Rbac rbac) {
    return rbac.principals().isEmpty()
        ? "none"
        : String.join(", ", new TreeSet<>(rbac.principals().keySet()));
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v.strip();
      }
    }
    return null;
  }
}
