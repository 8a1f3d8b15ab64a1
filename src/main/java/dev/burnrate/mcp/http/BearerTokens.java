package dev.burnrate.mcp.http;

import dev.burnrate.config.Rbac;
import dev.burnrate.mcp.Principal;
import dev.burnrate.mcp.Principals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bearer tokens mapped to {@code rbac.yml} principals. Only SHA-256 digests are held; a presented
 * token is hashed and compared with every known digest by {@link MessageDigest#isEqual} (constant
 * time, and no early exit), so neither timing nor memory reveals a token.
 */
public final class BearerTokens {
  private record Known(byte[] sha256, Principal principal) {}

  private final List<Known> known;

  private BearerTokens(List<Known> known) {
    this.known = List.copyOf(known);
  }

  /**
   * The tokens {@code rbac} lists; {@code env} reads {@code token_env} variables.
   *
   * @throws IllegalArgumentException when a named variable is unset or blank
   */
  public static BearerTokens from(Rbac rbac, Function<String, String> env) {
    List<Known> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    rbac.tokens()
        .forEach(
            (name, tokens) -> {
              Principal p = Principals.resolve(rbac, name, null);
              for (String hex : tokens.sha256Hex()) {
                out.add(new Known(HexFormat.of().parseHex(hex), p));
              }
              tokens
                  .env()
                  .ifPresent(
                      var -> {
                        String value = env.apply(var);
                        if (value == null || value.isBlank()) {
                          missing.add(var + " (principal '" + name + "')");
                        } else {
                          out.add(new Known(sha256(value.strip()), p));
                        }
                      });
            });
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "rbac.yml names token_env variables that are not set: "
              + String.join(", ", missing)
              + "; export them or remove token_env");
    }
    return new BearerTokens(out);
  }

  /** Whether any principal has a token. */
  public boolean isEmpty() {
    return known.isEmpty();
  }

  /** The principal whose token this is, if any. */
  Optional<Principal> authenticate(String token) {
    byte[] presented = sha256(token);
    Principal match = null;
    for (Known k : known) {
      if (MessageDigest.isEqual(k.sha256(), presented) && match == null) {
        match = k.principal();
      }
    }
    return Optional.ofNullable(match);
  }

  /** A new random token (256 bits, URL-safe base64 without padding). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "br_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The lowercase hex SHA-256 of a token's UTF-8 bytes, as {@code token_sha256} lists it. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
