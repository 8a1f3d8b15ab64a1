package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.downgrade.DowngradeRule;
import dev.burnrate.pricing.PriceOverride;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.ToolWeight;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("config");
  private static final Path CASES = Path.of("src/test/resources/config-cases");

  @TempDir Path dir;

  @Test
  void shippedConfigLoadsWithoutProblems() {
    assertEquals(List.of(), ConfigLoader.validate(SHIPPED));
  }

  @Test
  void shippedCostWeightsCarryTheReferenceValues() throws Exception {
    CostWeights w = ConfigLoader.load(SHIPPED).costWeights();
    assertWeight("1.0", "0.001", null, w.defaults());
    assertWeight("120", "0.005", "media", w.forTool("comfy_generate_video"));
    assertWeight("50", "0.003", "media", w.forTool("comfy_generate_image"));
    assertWeight("10", "0.002", "release", w.forTool("pr_reviewer_tool"));
    assertWeight("2", "0.001", "ops", w.forTool("observability_tool"));
    assertWeight("1.0", "0.001", "web", w.forTool("web_fetch"));
    assertWeight("1.0", "0.001", "web", w.forTool("web_search"));
    assertEquals(3.0, w.anomaly().spikeRatioThreshold());
    assertEquals(10, w.anomaly().minCallsThreshold());
    assertEquals(SHIPPED.resolve("cost_weights.yml").toString(), w.source());
  }

  @Test
  void shippedBudgetCarriesTheReferenceCeilingsAlertsAndRules() throws Exception {
    Budget b = ConfigLoader.load(SHIPPED).budget();
    assertEquals(ZoneId.of("UTC"), b.timezone());
    assertDecimal("50000", b.totalCeilingUsd().orElseThrow());
    assertDecimal("15000", b.agentCeilingUsd("media-1").orElseThrow());
    assertDecimal("5000", b.agentCeilingUsd("release-2").orElseThrow());
    assertDecimal("8000", b.agentCeilingUsd("coder-1").orElseThrow());
    assertEquals(
        List.of(
            alert("80", AlertAction.NOTIFY),
            alert("95", AlertAction.VETO_NEW_DEPLOYS),
            alert("100", AlertAction.FREEZE_AND_ESCALATE)),
        b.alerts());
    assertTrue(b.downgrade().enable());
    assertEquals(
        List.of(
            new DowngradeRule(
                "gpt-4o",
                "gpt-4o-mini",
                "avg_complexity_score < 0.4 for 7 days",
                "budget.yaml:" + lineOf("budget.yaml", "< 0.4 for 7 days") + ":13"),
            new DowngradeRule(
                "claude-sonnet-4-6",
                "claude-haiku-4-5",
                "avg_token_output < 200 and avg_complexity_score < 0.3",
                "budget.yaml:" + lineOf("budget.yaml", "avg_token_output < 200") + ":13")),
        b.downgrade().models());
  }

  @Test
  void shippedRbacGivesEachRoleItsEntitlements() throws Exception {
    Rbac rbac = ConfigLoader.load(SHIPPED).rbac();
    assertEquals(Set.of("tools.cost.read", "tools.cost.gate"), rbac.roles().get("agent_cto"));
    assertEquals(Set.of("tools.cost.read"), rbac.roles().get("agent_oncall"));
    assertEquals(Set.of(), rbac.roles().get("agent_media"));
    assertEquals(Set.of("tools.cost.write"), rbac.roles().get("ingest"));
    assertEquals(5, rbac.roles().get("admin").size());
    assertEquals(Set.of("tools.cost.reserve"), rbac.roles().get("spender"));
    assertEquals(Set.of("agent_cto", "ingest", "spender"), rbac.principals().get("dev"));
    assertEquals(Set.of("agent_media"), rbac.principals().get("media-bot"));
    assertEquals(Optional.of("dev"), rbac.defaultPrincipal());
    assertEquals(Map.of("preflight_deploy", "tools.cost.gate"), rbac.toolEntitlements());
  }

  @Test
  void shippedLimitsOverrideDefaultsPerToolAndInheritTheRest() throws Exception {
    Limits limits = ConfigLoader.load(SHIPPED).limits();
    assertEquals(new ToolLimits(10_000, 100_000, 1_000_000, 600, 4), limits.defaults());
    assertEquals(
        new ToolLimits(10_000, 5_000_000, 1_000_000, 1200, 4), limits.forTool("record_usage"));
    assertEquals(limits.defaults(), limits.forTool("estimate_cost"));
  }

  @Test
  void shippedPricingHasOneNegotiatedOverrideWithItsLocation() throws Exception {
    List<PriceOverride> prices = ConfigLoader.load(SHIPPED).priceOverrides();
    assertEquals(1, prices.size());
    PriceOverride p = prices.get(0);
    assertEquals("claude-sonnet-4-6", p.model());
    assertEquals("anthropic", p.provider());
    assertEquals(LocalDate.of(2026, 1, 1), p.effectiveFrom());
    assertDecimal("2.40", p.inputPerMtok());
    assertDecimal("12.00", p.outputPerMtok());
    assertEquals(null, p.cacheReadPerMtok());
    assertEquals("pricing.yml:" + lineOf("pricing.yml", "- model:") + ":5", p.location());
  }

  @Test
  void fileInTheDocumentedFormatAndNothingMoreLoadsUnchanged() throws Exception {
    Config c = ConfigLoader.load(CASES.resolve("documented-format"));
    assertWeight("120", "0.005", "media", c.costWeights().forTool("comfy_generate_video"));
    // A tool that leaves out cost_per_call takes the default's.
    assertWeight("1.0", "0.0005", null, c.costWeights().forTool("web_search"));
    assertEquals(2.5, c.costWeights().anomaly().spikeRatioThreshold());
    assertEquals(20, c.costWeights().anomaly().minCallsThreshold());

    Budget b = c.budget();
    assertEquals("12000.50", b.totalCeilingUsd().orElseThrow().toPlainString());
    assertDecimal("3000", b.agentCeilingUsd("media-1").orElseThrow());
    assertEquals(
        List.of(
            alert("80", AlertAction.NOTIFY),
            alert("95", AlertAction.VETO_NEW_DEPLOYS),
            alert("100", AlertAction.FREEZE_AND_ESCALATE)),
        b.alerts(),
        "alerts come out sorted by at_percent");
    assertEquals(false, b.downgrade().enable());
    assertEquals("budget.yaml:17:13", b.downgrade().models().get(0).location());
    assertEquals(Budget.EMPTY.timezone(), b.timezone());
    assertEquals(Budget.EMPTY.notifications(), b.notifications());
    assertEquals(Budget.EMPTY.costSources(), b.costSources());

    assertEquals(
        new ToolLimits(20_000, 2000, 40_000, 60, 2), c.limits().forTool("get_cost_report"));
    assertEquals(RbacReader.EMPTY, c.rbac());
    assertEquals(List.of(), c.priceOverrides());
  }

  @Test
  void emptyDirectoryMeansBuiltInDefaults() throws Exception {
    Config c = ConfigLoader.load(dir);
    assertEquals(CostWeights.BUILT_IN, c.costWeights());
    assertEquals(Budget.EMPTY, c.budget());
    assertEquals(Limits.DEFAULTS, c.limits());
    assertEquals(Map.of(), c.rbac().principals());
    assertEquals(List.of(), c.priceOverrides());
  }

  @Test
  void missingDirectoryIsAProblem() {
    Path missing = dir.resolve("nope");
    assertEquals(
        List.of(missing + ": config directory does not exist; check the --config path"),
        strings(ConfigLoader.validate(missing)));
  }

  @Test
  void eitherExtensionIsAcceptedButNotBoth() throws Exception {
    write("rbac.yaml", "roles: {admin: [tools.cost.admin]}\n");
    assertEquals(Set.of("admin"), ConfigLoader.load(dir).rbac().roles().keySet());
    write("rbac.yml", "roles: {}\n");
    assertEquals(
        List.of("rbac.yaml: both rbac.yml and rbac.yaml exist; keep one of them"), problems());
  }

  @Test
  void unknownKeyIsReportedWithASuggestion() throws Exception {
    write(
        "budget.yaml",
        """
        monthly_ceiling_usd:
          totl: 100
        """);
    assertEquals(
        List.of(
            "budget.yaml:2:3 monthly_ceiling_usd.totl: unknown key 'totl' (did you mean 'total'?);"
                + " expected one of total, per_agent"),
        problems());
  }

  @Test
  void duplicateKeyIsReportedAtTheSecondOccurrence() throws Exception {
    write(
        "budget.yaml",
        """
        alerts:
          - at_percent: 80
            action: notify
            action: veto-new-deploys
        """);
    assertEquals(
        List.of(
            "budget.yaml:4:5 alerts[0].action: duplicate key 'action' (first at line 3);"
                + " keep only one"),
        problems());
  }

  @Test
  void textWhereANumberBelongsIsReported() throws Exception {
    write(
        "cost_weights.yml",
        """
        tools:
          comfy_generate_video:
            cost_per_call: "120"
            cost_per_ms: fast
        """);
    assertEquals(
        List.of(
            "cost_weights.yml:3:20 tools.comfy_generate_video.cost_per_call: '120' is quoted,"
                + " so it is text; remove the quotes to make it a number",
            "cost_weights.yml:4:18 tools.comfy_generate_video.cost_per_ms: 'fast' is not a"
                + " number; write a decimal such as 12.5"),
        problems());
  }

  @Test
  void alertActionOutsideTheEnumIsReportedWithTheValidOnes() throws Exception {
    write(
        "budget.yaml",
        """
        alerts:
          - at_percent: 80
            action: notify
          - at_percent: 95
            action: veto
        """);
    assertEquals(
        List.of(
            "budget.yaml:5:13 alerts[1].action: 'veto' is not one of notify, veto-new-deploys,"
                + " freeze-and-escalate"),
        problems());
  }

  @Test
  void negativeMoneyIsReported() throws Exception {
    write(
        "budget.yaml",
        """
        monthly_ceiling_usd:
          total: -5
          per_agent:
            media-1: 0
        """);
    assertEquals(
        List.of(
            "budget.yaml:2:10 monthly_ceiling_usd.total: -5 is negative; use an amount above 0",
            "budget.yaml:4:14 monthly_ceiling_usd.per_agent.media-1: 0 is zero;"
                + " use an amount above 0"),
        problems());
  }

  @Test
  void yamlSyntaxErrorIsReportedAtItsPosition() throws Exception {
    write(
        "limits.yml",
        """
        defaults:
          timeout_ms: [1000
        tools: {}
        """);
    assertEquals(
        List.of(
            "limits.yml:3:6: YAML syntax error: expected ',' or ']', but got : while parsing"
                + " a flow sequence; fix the file's structure"),
        problems());
  }

  @Test
  void principalNamingAnUndefinedRoleIsReported() throws Exception {
    write(
        "rbac.yml",
        """
        roles:
          agent_cto: [tools.cost.read]
        principals:
          cto-bot: [agent_cfo]
        """);
    assertEquals(
        List.of(
            "rbac.yml:4:13 principals.cto-bot[0]: role 'agent_cfo' is not defined under roles;"
                + " define it or use one of agent_cto"),
        problems());
  }

  @Test
  void principalsMayListTokenHashesAndATokenVariableBesideTheirRoles() throws Exception {
    String hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    write(
        "rbac.yml",
        """
        roles:
          agent_cto: [tools.cost.read]
        principals:
          cto-bot:
            roles: [agent_cto]
            token_sha256: [%s]
          deploy-bot: {roles: [agent_cto], token_env: DEPLOY_BOT_TOKEN}
          oncall-bot: [agent_cto]
        """
            .formatted(hash));
    Rbac rbac = ConfigLoader.load(dir).rbac();
    assertEquals(Set.of("agent_cto"), rbac.principals().get("cto-bot"));
    assertEquals(Set.of("agent_cto"), rbac.principals().get("oncall-bot"));
    assertEquals(
        List.of(hash.toLowerCase(java.util.Locale.ROOT)), rbac.tokens().get("cto-bot").sha256Hex());
    assertEquals(Optional.of("DEPLOY_BOT_TOKEN"), rbac.tokens().get("deploy-bot").env());
    assertEquals(Set.of("cto-bot", "deploy-bot"), rbac.tokens().keySet());
  }

  @Test
  void aTokenInsteadOfItsHashAndOtherTokenMistakesAreLocated() throws Exception {
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    write(
        "rbac.yml",
        """
        roles:
          agent_cto: [tools.cost.read]
        principals:
          cto-bot: {roles: [agent_cto], token_sha256: [my-secret-token, %s]}
          dev: {roles: [agent_cto], token_sha256: [%s], token_env: "1BAD", token: x}
          ops: {token_env: OPS_TOKEN}
        """
            .formatted(hash, hash));
    assertEquals(
        List.of(
            "rbac.yml:4:48 principals.cto-bot.token_sha256[0]: is not a SHA-256 in hex (64 characters"
                + " 0-9a-f); put the output of 'burnrate token' here, never the token itself",
            "rbac.yml:5:44 principals.dev.token_sha256[0]: this token hash is already listed for"
                + " principal 'cto-bot'; a token must name one principal",
            "rbac.yml:5:122 principals.dev.token_env: '1BAD' is not an environment variable name"
                + " (letters, digits and _); name the variable that holds the token",
            "rbac.yml:5:130 principals.dev.token: unknown key 'token'; expected one of roles,"
                + " token_sha256, token_env",
            "rbac.yml:6:8 principals.ops.roles: is missing; list the principal's roles (may be [])"),
        problems());
  }

  @Test
  void entitlementOutsideTheFourIsReportedWithTheValidOnes() throws Exception {
    write(
        "rbac.yml",
        """
        roles:
          agent_cto: [tools.cost.read, tools.cost.deploy]
        """);
    assertEquals(
        List.of(
            "rbac.yml:2:32 roles.agent_cto[1]: 'tools.cost.deploy' is not one of"
                + " tools.cost.read, tools.cost.gate, tools.cost.write, tools.cost.reserve, tools.cost.admin"),
        problems());
  }

  @Test
  void defaultPrincipalMustBeDefined() throws Exception {
    write(
        "rbac.yml",
        """
        default_principal: root
        principals: {}
        """);
    assertEquals(
        List.of(
            "rbac.yml:1:20 default_principal: 'root' is not defined under principals;"
                + " none are defined"),
        problems());
  }

  @Test
  void unknownTimezoneIsReported() throws Exception {
    write("budget.yaml", "timezone: Mars/Olympus\n");
    assertEquals(
        List.of(
            "budget.yaml:1:11 timezone: 'Mars/Olympus' is not an IANA time zone id;"
                + " use one such as UTC or Europe/Berlin"),
        problems());
  }

  @Test
  void timezoneIsUsedWhenValid() throws Exception {
    write("budget.yaml", "timezone: Europe/Berlin\n");
    assertEquals("Europe/Berlin", ConfigLoader.load(dir).budget().timezone().getId());
  }

  @Test
  void missingRequiredKeyIsReportedAtItsMapping() throws Exception {
    write(
        "budget.yaml",
        """
        alerts:
          - at_percent: 80
        """);
    assertEquals(
        List.of("budget.yaml:2:5 alerts[0].action: is missing; this key is required"), problems());
  }

  @Test
  void twoAlertsAtTheSamePercentageAreReported() throws Exception {
    write(
        "budget.yaml",
        """
        alerts:
          - {at_percent: 95, action: notify}
          - {at_percent: 95.0, action: veto-new-deploys}
          - {at_percent: 1001, action: freeze-and-escalate}
        """);
    assertEquals(
        List.of(
            "budget.yaml:3:18 alerts[1].at_percent: 95.0 is already used by alerts[0];"
                + " each alert needs its own percentage",
            "budget.yaml:4:18 alerts[2].at_percent: 1001 is out of range;"
                + " use more than 0, up to 1000"),
        problems());
  }

  @Test
  void optionalBudgetExtensionsLoad() throws Exception {
    write(
        "budget.yaml",
        """
        daily_cap_usd: {coder-1: 250.75}
        teams:
          release: {ceiling_usd: 9000, agents: [release-1, release-2]}
        notifications:
          webhooks:
            - url: https://hooks.example.com/burnrate
          retries: 5
        cost_sources: [usage, aws_cost_explorer]
        """);
    Budget b = ConfigLoader.load(dir).budget();
    assertDecimal("250.75", b.dailyCapUsd().get("coder-1"));
    assertEquals(List.of("release-1", "release-2"), b.teams().get("release").agents());
    assertEquals("hooks.example.com", b.notifications().webhooks().get(0).name());
    assertEquals(5, b.notifications().retries());
    assertEquals(500, b.notifications().backoffMs());
    assertEquals(2, b.costSources().size());
  }

  @Test
  void priceOverrideWithoutAnyRateIsReported() throws Exception {
    write(
        "pricing.yml",
        """
        overrides:
          - model: gpt-4o
            effective_from: 2026-02-30
          - model: gpt-4o
            effective_from: 2026-03-01
        """);
    assertEquals(
        List.of(
            "pricing.yml:2:5 overrides[0]: names no rate; give at least one of input_per_mtok,"
                + " output_per_mtok, cache_read_per_mtok, cache_write_per_mtok,"
                + " cache_write_1h_per_mtok",
            "pricing.yml:3:21 overrides[0].effective_from: '2026-02-30' is not a date;"
                + " write YYYY-MM-DD",
            "pricing.yml:4:5 overrides[1]: names no rate; give at least one of input_per_mtok,"
                + " output_per_mtok, cache_read_per_mtok, cache_write_per_mtok,"
                + " cache_write_1h_per_mtok"),
        problems());
  }

  @Test
  void toolRatesAreReadWithTheirDatesAndBadOnesAreReportedWhereTheyAre() throws Exception {
    write(
        "pricing.yml",
        """
        tools:
          - tool: comfy_generate_video
            effective_from: 2026-01-01
            per_second_usd: 0.0025
          - tool: test_runner
            effective_from: 2026-01-01
            per_call_usd: 0.002
            per_second_usd: 0.0001
        """);
    Config c = ConfigLoader.load(dir);
    assertEquals(2, c.toolRates().size());
    assertEquals("comfy_generate_video", c.toolRates().get(0).tool());
    assertEquals(null, c.toolRates().get(0).perCallUsd());
    assertDecimal("0.0025", c.toolRates().get(0).perSecondUsd());
    assertDecimal("0.002", c.toolRates().get(1).perCallUsd());
    assertEquals("pricing.yml:2:5", c.toolRates().get(0).location());

    write(
        "pricing.yml",
        """
        tools:
          - tool: render
            effective_from: 2026-01-01
          - tool: render
            effective_from: 2026-01-01
            per_call_usd: 20000
            per_second_usd: 0.0000000000001
          - tool: search
            effective_from: 2026-01-01
            per_call_usd: 0.01
            per_minute_usd: 1
          - tool: search
            effective_from: 2026-01-01
            per_call_usd: 0.02
        """);
    assertEquals(
        List.of(
            "pricing.yml:2:5 tools[0]: names no rate; give per_call_usd, per_second_usd or both",
            "pricing.yml:6:19 tools[1].per_call_usd: 20000 is above 10000; use a rate up to that",
            "pricing.yml:7:21 tools[1].per_second_usd: 0.0000000000001 has more than 12 decimal"
                + " places; round it to the pico-dollar",
            "pricing.yml:11:5 tools[2].per_minute_usd: unknown key 'per_minute_usd'; expected one"
                + " of tool, effective_from, per_call_usd, per_second_usd",
            "pricing.yml:12:5 tools[3]: repeats tools[2] ('search' from 2026-01-01); merge the two"
                + " entries"),
        problems());
  }

  @Test
  void everyProblemInEveryFileIsReportedAtOnceInFileLineColumnOrder() throws Exception {
    write(
        "rbac.yml",
        """
        roles:
          agent_cto: [tools.cost.read
        """);
    write(
        "budget.yaml",
        """
        timezone: Nowhere/City
        monthly_ceiling_usd:
          total: -1
        alerts:
          - at_percent: 80
            action: page
        """);
    write(
        "cost_weights.yml",
        """
        defaults:
          cost_per_call: 1
          cost_per_ms: 0.001
          cost_per_ms: 0.002
        """);
    write(
        "limits.yml",
        """
        defaults:
          concurrency: 0
          timeout: 100
        """);
    write(
        "pricing.yml",
        """
        overrides:
          - model: gpt-4o
            effective_from: 2026-01-01
            input_per_mtok: -2.5
        """);
    List<String> expected =
        List.of(
            "budget.yaml:1:11 timezone: 'Nowhere/City' is not an IANA time zone id;"
                + " use one such as UTC or Europe/Berlin",
            "budget.yaml:3:10 monthly_ceiling_usd.total: -1 is negative; use an amount above 0",
            "budget.yaml:6:13 alerts[0].action: 'page' is not one of notify, veto-new-deploys,"
                + " freeze-and-escalate",
            "cost_weights.yml:4:3 defaults.cost_per_ms: duplicate key 'cost_per_ms'"
                + " (first at line 3); keep only one",
            "limits.yml:2:16 defaults.concurrency: 0 is out of range; use 1 to 10000",
            "limits.yml:3:3 defaults.timeout: unknown key 'timeout'; expected one of timeout_ms,"
                + " max_chars_in, max_bytes_out, rate_limit_rpm, concurrency",
            "pricing.yml:4:21 overrides[0].input_per_mtok: -2.5 is negative; use 0 or more",
            "rbac.yml:3:1: YAML syntax error: expected ',' or ']', but got <stream end> while"
                + " parsing a flow sequence; fix the file's structure");
    assertEquals(expected, problems());

    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
    assertEquals(expected, strings(e.problems()));
    assertTrue(e.getMessage().startsWith("8 config problems:\n  budget.yaml:1:11 timezone:"));
  }

  private static AlertThreshold alert(String percent, AlertAction action) {
    return new AlertThreshold(new BigDecimal(percent), action);
  }

  private static void assertWeight(String perCall, String perMs, String category, ToolWeight w) {
    assertDecimal(perCall, w.costPerCall());
    assertDecimal(perMs, w.costPerMs());
    assertEquals(category, w.category());
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(
        0,
        new BigDecimal(expected).compareTo(actual),
        () -> "expected " + expected + " but was " + actual);
  }

  /** 1-based line of the shipped file that contains {@code text}, so comments can change. */
  private static int lineOf(String file, String text) throws IOException {
    List<String> lines = Files.readAllLines(SHIPPED.resolve(file));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not found in " + file);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private List<String> problems() {
    return strings(ConfigLoader.validate(dir));
  }

  private static List<String> strings(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
