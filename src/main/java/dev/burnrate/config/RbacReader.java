package dev.burnrate.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code rbac.yml}:
 *
 * <pre>
 * default_principal: dev              # optional; must be one of principals
 * tools:                              # optional; tool -> entitlement it needs
 *   preflight_deploy: tools.cost.gate
 * roles:                              # role -> entitlements it grants (may be [])
 *   agent_cto: [tools.cost.read, tools.cost.gate]
 * principals:                         # principal -> roles it has
 *   cto-bot: [agent_cto]
 *   deploy-bot:                       # or, with bearer tokens for HTTP:
 *     roles: [agent_cto]
 *     token_sha256: [9f86d0...]       #   SHA-256 (hex) of each token, never the token
 *     token_env: DEPLOY_BOT_TOKEN     #   or a variable holding one
 * </pre>
 *
 * Roles and principals are checked against each other after both are read, so a typo in either is
 * reported where it was made.
 */
final class RbacReader {
  static final List<String> ENTITLEMENTS =
      List.of(
          "tools.cost.read",
          "tools.cost.gate",
          "tools.cost.write",
          "tools.cost.reserve",
          "tools.cost.admin");
  private static final List<String> TOP =
      List.of("default_principal", "tools", "roles", "principals");
  private static final List<String> PRINCIPAL = List.of("roles", "token_sha256", "token_env");
  private static final java.util.regex.Pattern SHA256 =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");
  private static final java.util.regex.Pattern ENV_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static final Rbac EMPTY = new Rbac(Map.of(), Map.of(), Map.of(), Optional.empty());

  private RbacReader() {}

  static Rbac read(YamlFile f) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return EMPTY;
    }
    Map<String, String> tools = new LinkedHashMap<>();
    for (var e : f.entries(top.get("tools"), "tools").orElse(Map.of()).entrySet()) {
      Node value = e.getValue().value();
      entitlement(f, value, YamlFile.child("tools", e.getKey()))
          .ifPresent(ent -> tools.put(e.getKey(), ent));
    }

    Map<String, Set<String>> roles = new LinkedHashMap<>();
    for (var e : f.entries(top.get("roles"), "roles").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("roles", e.getKey());
      roles.put(e.getKey(), names(f, e.getValue().value(), path, (n, p) -> entitlement(f, n, p)));
    }

    Map<String, Set<String>> principals = new LinkedHashMap<>();
    Map<String, Rbac.Tokens> tokens = new LinkedHashMap<>();
    Map<String, String> hashOwners = new LinkedHashMap<>();
    for (var e : f.entries(top.get("principals"), "principals").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("principals", e.getKey());
      Node value = e.getValue().value();
      if (!(value instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
        principals.put(e.getKey(), names(f, value, path, (n, p) -> definedRole(f, n, p, roles)));
        continue;
      }
      var fields = f.fields(value, path, PRINCIPAL).orElseThrow();
      String rolesPath = YamlFile.child(path, "roles");
      if (!fields.has("roles")) {
        f.problem(value, rolesPath, "is missing; list the principal's roles (may be [])");
      }
      principals.put(
          e.getKey(),
          names(f, fields.get("roles"), rolesPath, (n, p) -> definedRole(f, n, p, roles)));
      List<String> hashes = new java.util.ArrayList<>();
      String hashPath = YamlFile.child(path, "token_sha256");
      List<Node> items = f.sequence(fields.get("token_sha256"), hashPath).orElse(List.of());
      for (int i = 0; i < items.size(); i++) {
        String itemPath = YamlFile.index(hashPath, i);
        Node item = items.get(i);
        f.text(item, itemPath)
            .ifPresent(
                h -> {
                  if (!SHA256.matcher(h).matches()) {
                    f.problem(
                        item,
                        itemPath,
                        "is not a SHA-256 in hex (64 characters 0-9a-f); put the"
                            + " output of 'burnrate token' here, never the token itself");
                    return;
                  }
                  String hex = h.toLowerCase(java.util.Locale.ROOT);
                  String owner = hashOwners.putIfAbsent(hex, e.getKey());
                  if (owner != null) {
                    f.problem(
                        item,
                        itemPath,
                        "this token hash is already listed for principal '"
                            + owner
                            + "'; a token must name one principal");
                    return;
                  }
                  hashes.add(hex);
                });
      }
      Optional<String> env = Optional.empty();
      Node envNode = fields.get("token_env");
      if (envNode != null) {
        String envPath = YamlFile.child(path, "token_env");
        env =
            f.text(envNode, envPath)
                .filter(
                    n -> {
                      if (ENV_NAME.matcher(n).matches()) {
                        return true;
                      }
                      f.problem(
                          envNode,
                          envPath,
                          "'"
                              + n
                              + "' is not an environment variable name"
                              + " (letters, digits and _); name the variable that holds the token");
                      return false;
                    });
      }
      if (!hashes.isEmpty() || env.isPresent()) {
        tokens.put(e.getKey(), new Rbac.Tokens(hashes, env));
      }
    }

    Optional<String> defaultPrincipal = Optional.empty();
    Node d = top.get("default_principal");
    if (d != null) {
      defaultPrincipal =
          f.text(d, "default_principal")
              .filter(
                  name -> {
                    if (principals.containsKey(name)) {
                      return true;
                    }
                    f.problem(
                        d,
                        "default_principal",
                        YamlFile.quote(name)
                            + " is not defined under principals; "
                            + oneOf(principals));
                    return false;
                  });
    }
    return new Rbac(tools, roles, principals, defaultPrincipal, tokens);
  }

  private interface Check {
    Optional<String> apply(Node node, String path);
  }

  /** A list of names, each checked; a name listed twice is reported. */
  private static Set<String> names(YamlFile f, Node node, String path, Check check) {
    Set<String> out = new LinkedHashSet<>();
    List<Node> items = f.sequence(node, path).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = YamlFile.index(path, i);
      Node item = items.get(i);
      check
          .apply(item, itemPath)
          .ifPresent(
              name -> {
                if (!out.add(name)) {
                  f.problem(item, itemPath, YamlFile.quote(name) + " is listed twice; remove one");
                }
              });
    }
    return Collections.unmodifiableSet(out);
  }

  private static Optional<String> entitlement(YamlFile f, Node node, String path) {
    return f.text(node, path)
        .filter(
            e -> {
              if (ENTITLEMENTS.contains(e)) {
                return true;
              }
              f.problem(
                  node,
                  path,
                  YamlFile.quote(e) + " is not one of " + String.join(", ", ENTITLEMENTS));
              return false;
            });
  }

  private static Optional<String> definedRole(
      YamlFile f, Node node, String path, Map<String, Set<String>> roles) {
    return f.text(node, path)
        .filter(
            r -> {
              if (roles.containsKey(r)) {
                return true;
              }
              f.problem(node, path, "role '" + r + "' is not defined under roles; " + oneOf(roles));
              return false;
            });
  }

  private static String oneOf(Map<String, ?> defined) {
    return defined.isEmpty()
        ? "none are defined"
        : "define it or use one of " + String.join(", ", defined.keySet());
  }
}
