package dev.burnrate.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.burnrate.config.Rbac;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --oauth-jwks} as the authorization server's {@code jwks_uri}: keys fetched from a loopback
 * server the test runs, a rotated key picked up when a token names it, and a wrong URL refused at
 * start with what to do.
 */
class OAuthJwksUrlTest {
  static final String ISSUER = "https://auth.example.test";
  static final String AUDIENCE = "https://burnrate.example.test/mcp";
  static final Rbac RBAC =
      new Rbac(
          Map.of(),
          Map.of("agent_cto", Set.of("tools.cost.read")),
          Map.of("cto-bot", Set.of("agent_cto")),
          Optional.empty(),
          Map.of());

  HttpServer jwksServer;
  final AtomicReference<String> served = new AtomicReference<>();
  final AtomicInteger fetches = new AtomicInteger();
  String url;

  @BeforeEach
  void serveKeys() throws Exception {
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks",
        ex -> {
          fetches.incrementAndGet();
          byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    jwksServer.start();
    url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
  }

  @AfterEach
  void stop() {
    jwksServer.stop(0);
  }

  static String token(RSAKey signer) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signer.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("cto-bot")
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  @Test
  void keysComeFromTheUrlAndARotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
    RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
    RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    served.set(new JWKSet(first.toPublicJWK()).toString());
    OAuthTokens tokens = OAuthTokens.load(ISSUER, AUDIENCE, url, "sub", RBAC);
    assertEquals(1, fetches.get(), "fetched once, at start");

    OAuthTokens.Result ok = tokens.authenticate(token(first));
    assertEquals("cto-bot", ok.principal().orElseThrow().name(), ok.reason());
    assertTrue(tokens.authenticate(token(stranger)).principal().isEmpty(), "forged with k1's id");
    int before = fetches.get();
    tokens.authenticate(token(first));
    assertEquals(before, fetches.get(), "known keys come from the cache");

    // The authorization server rotates: k2 signs from now on.
    served.set(new JWKSet(java.util.List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
    OAuthTokens.Result rotated = tokens.authenticate(token(second));
    assertEquals("cto-bot", rotated.principal().orElseThrow().name(), rotated.reason());
  }

  @Test
  void aUrlThatCannotBeFetchedOrIsNotHttpsStopsTheStartWithWhatToDo() throws Exception {
    jwksServer.stop(0);
    IllegalArgumentException dead =
        assertThrows(
            IllegalArgumentException.class,
            () -> OAuthTokens.load(ISSUER, AUDIENCE, url, "sub", RBAC));
    assertTrue(dead.getMessage().contains("cannot be fetched"), dead.getMessage());
    assertTrue(dead.getMessage().contains("jwks_uri"), dead.getMessage());

    IllegalArgumentException plain =
        assertThrows(
            IllegalArgumentException.class,
            () -> OAuthTokens.load(ISSUER, AUDIENCE, "http://auth.example.test/jwks", "sub", RBAC));
    assertTrue(plain.getMessage().contains("use https"), plain.getMessage());
  }

  @Test
  void aDocumentThatIsNotAKeySetIsRefused() {
    served.set("{\"keys\": []}");
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> OAuthTokens.load(ISSUER, AUDIENCE, url, "sub", RBAC));
    assertTrue(empty.getMessage().contains("no public keys"), empty.getMessage());
  }
}
