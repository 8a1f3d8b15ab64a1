package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --http} as an OAuth 2.1 resource server: JWT access tokens signed by a key the test
 * mints (its public half in a JWKS file), checked for signature, issuer, audience, expiry and
 * not-before, with {@code sub} naming the principal; and the RFC 9728 metadata.
 */
class HttpOAuthIT {
  static final String ISSUER = "https://auth.example.test";
  static final String AUDIENCE = "https://burnrate.example.test/mcp";

  @TempDir static Path root;
  static HttpServeProcess server;
  static RSAKey key;
  static RSAKey otherKey;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    Path jwks = root.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    JarFixture f = JarFixture.create(root, 0);
    server =
        HttpServeProcess.start(
            f,
            "--oauth-issuer",
            ISSUER,
            "--oauth-jwks",
            jwks.toString(),
            "--oauth-audience",
            AUDIENCE);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String token(RSAKey signer, Consumer<JWTClaimsSet.Builder> change) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("cto-bot")
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now.minusSeconds(5)))
            .expirationTime(Date.from(now.plusSeconds(600)));
    change.accept(claims);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
            claims.build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  static HttpResponse<String> initialize(String token) throws Exception {
    return server.post("/mcp", HttpServeProcess.INITIALIZE, "Authorization", "Bearer " + token);
  }

  @Test
  void aValidAccessTokenRunsAsThePrincipalItsSubjectNames() throws Exception {
    HttpResponse<String> init = initialize(token(key, c -> {}));
    assertEquals(200, init.statusCode(), init.body());
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String auth = "Bearer " + token(key, c -> {});
    server.post(
        "/mcp",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "Authorization",
        auth,
        "Mcp-Session-Id",
        session);
    HttpResponse<String> list =
        server.post(
            "/mcp",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "Authorization",
            auth,
            "Mcp-Session-Id",
            session);
    assertTrue(list.body().contains("\"preflight_deploy\""), "cto-bot may gate: " + list.body());
    assertFalse(list.body().contains("\"record_usage\""), "cto-bot may not write: " + list.body());
  }

  @Test
  void badAccessTokensGet401PointingAtTheMetadata() throws Exception {
    String[] bad = {
      token(key, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(300)))),
      token(key, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))),
      token(key, c -> c.audience("https://some-other-server.example/mcp")),
      token(key, c -> c.issuer("https://evil.example")),
      token(key, c -> c.subject("nobody-in-rbac")),
      token(otherKey, c -> {}),
      new PlainJWT(
              new JWTClaimsSet.Builder()
                  .issuer(ISSUER)
                  .audience(AUDIENCE)
                  .subject("cto-bot")
                  .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                  .build())
          .serialize(),
    };
    String[] what = {
      "expired",
      "not yet valid",
      "wrong audience",
      "wrong issuer",
      "unknown principal",
      "forged signature",
      "alg none"
    };
    for (int i = 0; i < bad.length; i++) {
      HttpResponse<String> r = initialize(bad[i]);
      assertEquals(401, r.statusCode(), what[i] + ": " + r.body());
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
      assertTrue(
          challenge.contains("error=\"invalid_token\"")
              && challenge.contains(
                  "resource_metadata=\"http://127.0.0.1:"
                      + server.base.getPort()
                      + "/.well-known/oauth-protected-resource\""),
          what[i] + ": " + challenge);
    }
    assertFalse(server.stderrText().contains(bad[0]), "a token reached the log");
  }

  @Test
  void theProtectedResourceMetadataNamesTheResourceAndItsAuthorizationServer() throws Exception {
    for (String path :
        new String[] {
          "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"
        }) {
      HttpResponse<String> r =
          HttpServeProcess.HTTP.send(
              java.net.http.HttpRequest.newBuilder(server.uri(path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path);
      JsonNode m = Json.MAPPER.readTree(r.body());
      assertEquals(AUDIENCE, m.get("resource").asText());
      assertEquals(ISSUER, m.at("/authorization_servers/0").asText());
      assertEquals("header", m.at("/bearer_methods_supported/0").asText());
    }
  }

  @Test
  void staticTokensStillWorkBesideOAuth() throws Exception {
    HttpResponse<String> r =
        server.post(
            "/mcp",
            HttpServeProcess.INITIALIZE,
            "Authorization",
            HttpServeProcess.bearer("oncall-bot"));
    assertEquals(200, r.statusCode(), r.body());
    HttpResponse<String> none = server.post("/mcp", HttpServeProcess.INITIALIZE);
    assertTrue(
        none.headers().firstValue("WWW-Authenticate").orElse("").contains("resource_metadata="));
  }
}
