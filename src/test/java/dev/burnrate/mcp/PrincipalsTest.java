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
    assertEquals("oncall", Principals.resolve(withDefault("media"), " ", "oncall").name());
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
        assertThrows(PrincipalException.class, () -> Principals.resolve(ToyTools.rbac(), null, ""));
    assertEquals(
        "no principal named; pass --principal NAME, set BURNRATE_PRINCIPAL, or set"
            + " default_principal in rbac.yml (known principals: cto, media, oncall)",
        e.getMessage());
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
