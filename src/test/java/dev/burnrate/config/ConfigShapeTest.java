package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structural mistakes: the wrong kind of node, YAML's surprising scalars, edge shapes. */
class ConfigShapeTest {
  @TempDir Path dir;

  @Test
  void listWhereAMappingBelongsIsReported() throws Exception {
    write(
        "limits.yml",
        """
        defaults:
          - timeout_ms: 100
        """);
    assertEquals(
        List.of("limits.yml:2:3 defaults: expected a mapping of key: value, found a list"),
        problems());
  }

  @Test
  void unknownTopLevelKeyIsReported() throws Exception {
    write("cost_weights.yml", "tool:\n  web_fetch: {category: web}\n");
    assertEquals(
        List.of(
            "cost_weights.yml:1:1 tool: unknown key 'tool' (did you mean 'tools'?);"
                + " expected one of defaults, tools, anomaly"),
        problems());
  }

  @Test
  void yamlSpecialNumbersAreNotAcceptedAsMoney() throws Exception {
    write(
        "cost_weights.yml",
        """
        defaults:
          cost_per_call: .inf
          cost_per_ms: 0x10
        """);
    assertEquals(
        List.of(
            "cost_weights.yml:2:18 defaults.cost_per_call: '.inf' is not a number;"
                + " write a decimal such as 12.5",
            "cost_weights.yml:3:16 defaults.cost_per_ms: '0x10' is not a number;"
                + " write a decimal such as 12.5"),
        problems());
  }

  @Test
  void numbersKeepTheDigitsAsWritten() throws Exception {
    write(
        "cost_weights.yml",
        """
        defaults:
          cost_per_call: 0.1000000000000000055511151231257827
          cost_per_ms: 1_000
        """);
    var defaults = ConfigLoader.load(dir).costWeights().defaults();
    assertEquals("0.1000000000000000055511151231257827", defaults.costPerCall().toPlainString());
    assertEquals("1000", defaults.costPerMs().toPlainString());
  }

  @Test
  void fractionWhereAWholeNumberBelongsIsReported() throws Exception {
    write("limits.yml", "defaults: {rate_limit_rpm: 2.5}\n");
    assertEquals(
        List.of("limits.yml:1:28 defaults.rate_limit_rpm: 2.5 is not a whole number"), problems());
  }

  @Test
  void enableMustBeABoolean() throws Exception {
    write("budget.yaml", "downgrade_recommendations: {enable: maybe}\n");
    assertEquals(
        List.of("budget.yaml:1:37 downgrade_recommendations.enable: 'maybe' is not true or false"),
        problems());
  }

  @Test
  void downgradeToTheSameModelIsReported() throws Exception {
    write(
        "budget.yaml",
        """
        downgrade_recommendations:
          models:
            - {from: gpt-4o, to: gpt-4o, when: "avg_token_output < 10"}
        """);
    assertEquals(
        List.of(
            "budget.yaml:3:26 downgrade_recommendations.models[0].to: 'gpt-4o' is the same"
                + " model as from; name a cheaper model"),
        problems());
  }

  @Test
  void webhookMustBeAnHttpUrl() throws Exception {
    write(
        "budget.yaml",
        """
        notifications:
          webhooks:
            - url: ftp://example.com/x
        """);
    assertEquals(
        List.of(
            "budget.yaml:3:12 notifications.webhooks[0].url: 'ftp://example.com/x' is not an"
                + " http(s) URL with a host"),
        problems());
  }

  @Test
  void unknownCostSourceIsReportedWithTheValidOnes() throws Exception {
    write("budget.yaml", "cost_sources: [usage, billing]\n");
    assertEquals(
        List.of(
            "budget.yaml:1:23 cost_sources[1]: 'billing' is not one of usage,"
                + " aws_cost_explorer"),
        problems());
  }

  @Test
  void documentThatIsNotAMappingIsReported() throws Exception {
    write("rbac.yml", "just some text\n");
    assertEquals(
        List.of("rbac.yml:1:1: expected a mapping of key: value, found 'just some text'"),
        problems());
  }

  @Test
  void emptyFileMeansDefaults() throws Exception {
    write("budget.yaml", "# nothing configured yet\n");
    write("limits.yml", "");
    assertEquals(List.of(), problems());
    assertFalse(ConfigLoader.load(dir).budget().totalCeilingUsd().isPresent());
  }

  @Test
  void roleListedTwiceForAPrincipalIsReported() throws Exception {
    write(
        "rbac.yml",
        """
        roles: {ingest: [tools.cost.write]}
        principals: {bot: [ingest, ingest]}
        """);
    assertEquals(
        List.of("rbac.yml:2:28 principals.bot[1]: 'ingest' is listed twice; remove one"),
        problems());
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private List<String> problems() {
    return ConfigLoader.validate(dir).stream().map(Problem::toString).toList();
  }
}
