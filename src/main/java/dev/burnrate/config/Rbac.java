package dev.burnrate.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validated {@code rbac.yml}: which entitlement each tool needs, which entitlements each role
 * grants, which roles each principal has, the principal used when none is named, and how each
 * principal proves who it is over HTTP (only principals with a token are listed).
 */
public record Rbac(
    Map<String, String> toolEntitlements,
    Map<String, Set<String>> roles,
    Map<String, Set<String>> principals,
    Optional<String> defaultPrincipal,
    Map<String, Tokens> tokens) {

  public Rbac {
    toolEntitlements = Map.copyOf(toolEntitlements);
    roles = Map.copyOf(roles);
    principals = Map.copyOf(principals);
    tokens = Map.copyOf(tokens);
  }

  /** Rules without any bearer tokens. */
  public Rbac(
      Map<String, String> toolEntitlements,
      Map<String, Set<String>> roles,
      Map<String, Set<String>> principals,
      Optional<String> defaultPrincipal) {
    this(toolEntitlements, roles, principals, defaultPrincipal, Map.of());
  }

  /**
   * A principal's bearer tokens, never the tokens themselves: the lowercase hex SHA-256 of each
   * ({@code token_sha256}), and the environment variable holding one more ({@code token_env}).
   */
  public record Tokens(List<String> sha256Hex, Optional<String> env) {
    public Tokens {
      sha256Hex = List.copyOf(sha256Hex);
      Objects.requireNonNull(env, "env");
    }
  }
}
