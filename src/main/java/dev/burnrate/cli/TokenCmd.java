package dev.burnrate.cli;

import dev.burnrate.mcp.http.BearerTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Print a new random bearer token and its SHA-256 for rbac.yml (token_sha256);"
            + " with --hash, read an existing token from stdin and print only its SHA-256.")
final class TokenCmd implements Callable<Integer> {
  @Option(names = "--hash", description = "Hash the token given on stdin instead of making one.")
  boolean hash;

  @Override
  public Integer call() throws Exception {
    if (hash) {
      String token =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        throw new UsageException(
            "token --hash reads the token from stdin and got nothing;"
                + " e.g. printf %s \"$TOKEN\" | burnrate token --hash");
      }
      System.out.println(BearerTokens.sha256Hex(token.strip()));
      return Main.OK;
    }
    String token = BearerTokens.newToken();
    System.out.println("token: " + token);
    System.out.println("token_sha256: " + BearerTokens.sha256Hex(token));
    System.err.println(
        "burnrate: give the token to the client (it is not stored anywhere); list the"
            + " token_sha256 under the principal in rbac.yml, e.g."
            + " cto-bot: {roles: [agent_cto], token_sha256: ["
            + BearerTokens.sha256Hex(token)
            + "]}");
    return Main.OK;
  }
}
