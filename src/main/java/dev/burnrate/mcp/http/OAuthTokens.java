package dev.burnrate.mcp.http;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.burnrate.config.Rbac;
import dev.burnrate.mcp.Principal;
import dev.burnrate.mcp.Principals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OAuth 2.1 access tokens (JWTs), as a resource server under the MCP authorization spec validates
 * them, with nimbus-jose-jwt: the signature against a JWKS file, or the authorization server's
 * {@code jwks_uri} fetched and cached (asymmetric algorithms only, so neither {@code none} nor an
 * HMAC keyed with a public key can pass), the issuer, the audience (this server's resource URL),
 * expiry and not-before (60 s of clock skew), then a configured claim names the {@code rbac.yml}
 * principal. The issuer is published in the RFC 9728 metadata.
 */
public final class OAuthTokens {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  private final String issuer;
  private final String audience;
  private final String principalClaim;
  private final Rbac rbac;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** How long fetched keys are used before they are fetched again; unknown key ids refetch. */
  static final long JWKS_TTL_MS = 15 * 60_000L;

  /** While the JWKS URL cannot be reached, the keys last fetched keep validating this long. */
  static final long JWKS_OUTAGE_MS = 6 * 3_600_000L;

  private OAuthTokens(
      String issuer,
      String audience,
      String principalClaim,
      Rbac rbac,
      JWKSource<SecurityContext> keys) {
    this.issuer = issuer;
    this.audience = audience;
    this.principalClaim = principalClaim;
    this.rbac = rbac;
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(audience),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("exp", principalClaim),
            null));
  }

  /**
   * Reads the keys from {@code jwks}: a JWKS file, or an {@code https://} URL (plain {@code
   * http://} only on a loopback host) fetched now — so a wrong URL stops the start with a clear
   * message — then cached for {@link #JWKS_TTL_MS}, refetched when a token names a key id the cache
   * lacks (key rotation; at most once every 30 s) and, while the URL is unreachable, served from
   * the last fetch for {@link #JWKS_OUTAGE_MS}. Fetches time out after 5 s and read at most 1 MiB.
   *
   * @throws IllegalArgumentException when the keys cannot be read, are not a JWK set, or hold no
   *     public key
   */
  public static OAuthTokens load(
      String issuer, String audience, String jwks, String principalClaim, Rbac rbac) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    String lower = jwks.toLowerCase(java.util.Locale.ROOT);
    JWKSource<SecurityContext> keys =
        lower.startsWith("https://") || lower.startsWith("http://")
            ? fetched(jwks)
            : new ImmutableJWKSet<>(file(Path.of(jwks)));
    return new OAuthTokens(issuer, audience, principalClaim, rbac, keys);
  }

  private static JWKSet file(Path jwksFile) {
    JWKSet keys;
    try {
      keys = JWKSet.parse(Files.readString(jwksFile)).toPublicJWKSet();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--oauth-jwks "
              + jwksFile
              + " cannot be read ("
              + e.getMessage()
              + "); point it at the authorization server's JWKS saved as a file, or at its"
              + " jwks_uri");
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "--oauth-jwks "
              + jwksFile
              + " is not a JWK set ("
              + e.getMessage()
              + "); save the authorization server's jwks_uri document there");
    }
    if (keys.getKeys().isEmpty()) {
      throw new IllegalArgumentException("--oauth-jwks " + jwksFile + " holds no public keys");
    }
    return keys;
  }

  private static JWKSource<SecurityContext> fetched(String jwks) {
    URL url;
    try {
      url = URI.create(jwks).toURL();
    } catch (IllegalArgumentException | java.net.MalformedURLException e) {
      throw new IllegalArgumentException(
          "--oauth-jwks " + jwks + " is not a URL (" + e.getMessage() + ")");
    }
    if (url.getProtocol().equalsIgnoreCase("http") && !loopback(url.getHost())) {
      throw new IllegalArgumentException(
          "--oauth-jwks "
              + jwks
              + ": keys fetched over plain http could be swapped in transit; use https (plain"
              + " http is for a loopback authorization server only)");
    }
    JWKSource<SecurityContext> source =
        JWKSourceBuilder.<SecurityContext>create(
                url, new DefaultResourceRetriever(5_000, 5_000, 1 << 20))
            .cache(JWKS_TTL_MS, 5_000)
            .rateLimited(30_000)
            .retrying(true)
            .outageTolerant(JWKS_OUTAGE_MS)
            .build();
    java.util.List<com.nimbusds.jose.jwk.JWK> found;
    try {
      found = source.get(new JWKSelector(new JWKMatcher.Builder().publicOnly(true).build()), null);
    } catch (com.nimbusds.jose.KeySourceException e) {
      throw new IllegalArgumentException(
          "--oauth-jwks "
              + jwks
              + " cannot be fetched ("
              + e.getMessage()
              + "); check the authorization server's jwks_uri and that this host can reach it");
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("--oauth-jwks " + jwks + " holds no public keys");
    }
    return source;
  }

  private static boolean loopback(String host) {
    try {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return h.equalsIgnoreCase("localhost") || InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  String issuer() {
    return issuer;
  }

  String audience() {
    return audience;
  }

  /** RFC 9728 protected-resource metadata for this server. */
  String metadataJson() {
    var node =
        EdgeFilter.MAPPER
            .createObjectNode()
            .put("resource", audience)
            .put("resource_name", "burnrate");
    node.putArray("authorization_servers").add(issuer);
    node.putArray("bearer_methods_supported").add("header");
    return node.toString();
  }

  /** Whether a bearer token is shaped like a JWS (three base64url parts), to route it here. */
  static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0
        && token.indexOf('.', first + 1) > first + 1
        && token.chars().filter(c -> c == '.').count() == 2;
  }

  /** The principal the token names, or why not (for the log only, never the client). */
  Result authenticate(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException
        | com.nimbusds.jose.proc.BadJOSEException
        | com.nimbusds.jose.JOSEException e) {
      return new Result(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Object value = claims.getClaim(principalClaim);
    if (!(value instanceof String name) || !rbac.principals().containsKey(name)) {
      return new Result(
          Optional.empty(), "claim " + principalClaim + " names no principal in rbac.yml");
    }
    Principal p = Principals.resolve(rbac, name, null);
    return new Result(Optional.of(p), "ok");
  }

  record Result(Optional<Principal> principal, String reason) {}
}
