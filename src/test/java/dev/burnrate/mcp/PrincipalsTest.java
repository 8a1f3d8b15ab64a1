package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Rbac;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalsTest {
  private static Rbac withDefault(String name) {
    Rbac r = ToyTools.rbac();
    return new Rbac(r.toolEntitlements(), r.roles(), r.principals(), Optional.ofNullable(name));
  }

  @Test
  void explicitNameWinsOverEnvironmentAndDefault() {
    assertEquals("cto", Principals.resolve(withDefault("media"), "cto", "oncall").name());
  }

  @Test
  void environmentWinsOverDefault() {
    assertEquals("oncall", Principals.resolve(withDefault("media"), null, "oncall").name());
  }

  @Test
  void defaultPrincipalIsUsedWhenNoneIsNamed() {
    assertEquals("media", Principals.resolve(withDefault("media"), null, null).name());
  }

  @Test
  void entitlementsAreTheUnionOfTheRolesGrants() {
    Principal p = Principals.resolve(ToyTools.rbac(), "cto", null);
    assertEquals(List.of("agent_cto"), List.copyOf(p.roles()));
    assertTrue(p.has("tools.cost.read"));
    assertTrue(p.has("tools.cost.gate"));
    assertFalse(p.has("tools.cost.admin"));
  }

  @Test
  void noPrincipalAtAllSaysHowToNameOne() {
    PrincipalException e =
        assertThrows(
            PrincipalException.class, () -> Principals.resolve(ToyTools.rbac(), null, null));
    assertEquals(
        "no principal named; pass --principal NAME, set BURNRATE_PRINCIPAL, or set"
            + " default_principal in rbac.yml (known principals: cto, media, oncall)",
        e.getMessage());
  }

  // --principal "" used to fall back to default_principal, silently serving with that principal's
  // entitlements; an explicitly given blank name must stop startup and say how to name one.
  @Test
  void anEmptyPrincipalFlagIsAnErrorInsteadOfFallingBackToTheDefault() {
    for (String blank : new String[] {"", " ", "\t"}) {
      PrincipalException e =
          assertThrows(
              PrincipalException.class,
              () -> Principals.resolve(withDefault("media"), blank, "oncall"));
      assertEquals(
          "--principal is empty; pass --principal NAME with one of the principals in rbac.yml"
              + " (cto, media, oncall), or leave the flag out to use BURNRATE_PRINCIPAL or"
              + " default_principal",
          e.getMessage());
    }
  }

  // BURNRATE_PRINCIPAL set to "" used to fall back to default_principal the same way; set but
  // blank is an error too (unset still means "use the default").
  @Test
  void anEmptyPrincipalVariableIsAnErrorInsteadOfFallingBackToTheDefault() {
    PrincipalException e =
        assertThrows(
            PrincipalException.class, () -> Principals.resolve(withDefault("media"), null, ""));
    assertEquals(
        "BURNRATE_PRINCIPAL is set but empty; set it to one of the principals in rbac.yml"
            + " (cto, media, oncall), or unset it to use default_principal",
        e.getMessage());
    assertEquals("cto", Principals.resolve(withDefault("media"), "cto", "").name());
  }

  // tools.cost.admin was documented as granting everything but granted nothing on its own: a
  // principal holding only it could call no tool at all.
  @Test
  void adminHoldsEveryEntitlement() {
    Principal admin =
        new Principal("root", new java.util.TreeSet<>(Set.of("admin")), Set.of(Principal.ADMIN));
    assertTrue(admin.has("tools.cost.read"));
    assertTrue(admin.has("tools.cost.gate"));
    assertTrue(admin.has("tools.cost.write"));
    assertTrue(admin.has(Principal.ADMIN));
    assertFalse(Principals.resolve(ToyTools.rbac(), "cto", null).has("tools.cost.write"));
  }

  @Test
  void unknownPrincipalListsTheKnownOnes() {
    PrincipalException e =
        assertThrows(
            PrincipalException.class, () -> Principals.resolve(ToyTools.rbac(), "ghost", null));
    assertEquals(
        "principal 'ghost' is not in rbac.yml; known principals: cto, media, oncall."
            + " Name one of them or add it under principals",
        e.getMessage());
  }

  @Test
  void rbacToolMappingOverridesTheToolsOwnEntitlement() {
    Rbac r = ToyTools.rbac();
    Rbac mapped =
        new Rbac(Map.of("echo", "tools.cost.gate"), r.roles(), r.principals(), Optional.empty());
    assertEquals("tools.cost.gate", Principals.entitlementFor(mapped, new ToyTools.Echo()));
    assertEquals("tools.cost.read", Principals.entitlementFor(r, new ToyTools.Echo()));
    assertEquals(Set.of(), Principals.resolve(r, "media", null).entitlements());
  }
}
