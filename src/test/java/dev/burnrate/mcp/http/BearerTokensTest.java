package dev.burnrate.mcp.http;

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

class BearerTokensTest {
  private static final Rbac RBAC =
      new Rbac(
          Map.of(),
          Map.of(
              "agent_cto",
              Set.of("tools.cost.read", "tools.cost.gate"),
              "agent_oncall",
              Set.of("tools.cost.read")),
          Map.of(
              "cto-bot",
              Set.of("agent_cto"),
              "oncall-bot",
              Set.of("agent_oncall"),
              "dev",
              Set.of("agent_cto")),
          Optional.of("dev"),
          Map.of(
              "cto-bot",
                  new Rbac.Tokens(List.of(BearerTokens.sha256Hex("cto-secret")), Optional.empty()),
              "oncall-bot", new Rbac.Tokens(List.of(), Optional.of("ONCALL_TOKEN"))));

  @Test
  void aTokenNamesThePrincipalWhoseHashOrVariableItMatches() {
    BearerTokens tokens = BearerTokens.from(RBAC, Map.of("ONCALL_TOKEN", "oncall-secret\n")::get);
    assertEquals("cto-bot", tokens.authenticate("cto-secret").orElseThrow().name());
    assertTrue(tokens.authenticate("cto-secret").orElseThrow().has("tools.cost.gate"));
    assertEquals("oncall-bot", tokens.authenticate("oncall-secret").orElseThrow().name());
    assertTrue(tokens.authenticate("cto-secret ").isEmpty(), "no trimming at comparison time");
    assertTrue(tokens.authenticate("").isEmpty());
    assertTrue(
        tokens.authenticate(BearerTokens.sha256Hex("cto-secret")).isEmpty(),
        "the hash is not a token");
    assertFalse(tokens.isEmpty());
  }

  @Test
  void anUnsetTokenVariableIsAnErrorNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.from(RBAC, name -> null));
    assertTrue(e.getMessage().contains("ONCALL_TOKEN (principal 'oncall-bot')"), e.getMessage());
  }

  @Test
  void rulesWithoutTokensAuthenticateNobody() {
    BearerTokens none =
        BearerTokens.from(new Rbac(Map.of(), Map.of(), Map.of(), Optional.empty()), name -> null);
    assertTrue(none.isEmpty());
    assertTrue(none.authenticate("anything").isEmpty());
  }

  @Test
  void newTokensAreLongRandomAndUrlSafe() {
    String a = BearerTokens.newToken();
    assertTrue(a.matches("br_[A-Za-z0-9_-]{43}"), a);
    assertFalse(a.equals(BearerTokens.newToken()));
    assertEquals(64, BearerTokens.sha256Hex(a).length());
  }

  @Test
  void loopbackIsDecidedFromLiteralsAndLocalhostOnly() {
    for (String h : List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]")) {
      assertTrue(HttpOptions.isLoopback(h), h);
    }
    for (String h :
        List.of("0.0.0.0", "10.0.0.1", "localhost.attacker.example", "127.0.0.1.nip.io", "::")) {
      assertFalse(HttpOptions.isLoopback(h), h);
    }
  }

  @Test
  void theHostPartOfAHostHeaderDropsThePort() {
    assertEquals("localhost", EdgeFilter.hostOnly("LocalHost:8080"));
    assertEquals("[::1]", EdgeFilter.hostOnly("[::1]:8080"));
    assertEquals("[::1]", EdgeFilter.hostOnly("::1"));
    assertEquals("attacker.example", EdgeFilter.hostOnly("attacker.example"));
  }
}
