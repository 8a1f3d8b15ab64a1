package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and values: one line that says what to write instead, exit 2, no stack trace. */
class CliErrorsTest {
  @TempDir Path dir;

  void assertUsageError(Fixture.Result r, String expectedFragment) {
    assertEquals(2, r.exit(), "exit code; stderr: " + r.err());
    assertTrue(r.err().contains(expectedFragment), "stderr was: " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void anUnknownFlagSaysWhereHelpIs() {
    assertUsageError(Fixture.runRaw("report", "--colour", "red"), "see 'burnrate report --help'");
  }

  @Test
  void aNowWithoutAZoneSaysHowToWriteIt() {
    assertUsageError(
        Fixture.run(
            dir, dir.resolve("audit"), java.util.List.of("top", "--now", "2026-02-23 12:00")),
        "--now '2026-02-23 12:00' has no zone; add Z for UTC or an offset, e.g. 2026-02-23T12:00Z");
  }

  @Test
  void aRangeThatEndsBeforeItStartsSaysToSwapThemNamingTheFlags() {
    // The message named the MCP arguments (time_range.from, time_range.to) to a user who typed
    // --from and --to; queries now speak domain words and each adapter names its own arguments.
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of(
                "report", "--from", "2026-03-09T00:00:00Z", "--to", "2026-03-01T00:00:00Z")),
        "--from 2026-03-09T00:00:00Z is not before --to 2026-03-01T00:00:00Z; swap them");
  }

  @Test
  void aStartAfterNowWithoutToDoesNotSayToSwap() {
    // "swap them" was said when only --from was typed: there was nothing to swap.
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("report", "--now", "2026-02-23T12:00:00Z", "--from", "2026-03-01")),
        "--from 2026-03-01T00:00:00Z is not before now (2026-02-23T12:00:00Z), where --to"
            + " defaults; pass an earlier start, or an end after it as --to");
  }

  @Test
  void anInvalidCalendarDateIsCalledThatOnTheCommandLineToo() {
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("report", "--from", "2026-02-01", "--to", "2026-02-30T00:00:00Z")),
        "--to '2026-02-30T00:00:00Z' is not a date: 2026-02 has 28 days; pass a day from 01 to 28");
  }

  @Test
  void aLengthOfTimeFlagTakesASpanAndSaysWhenItIsNotWholeUnits() {
    // --window-hours took 168 but not 7d, which --last and the MCP tools take.
    Fixture.Result ok =
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("top", "--now", "2026-02-23T12:00:00Z", "--window-hours", "7d"));
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.out().contains("\"hours\" : 168"), ok.out());
    assertUsageError(
        Fixture.run(dir, dir.resolve("audit"), java.util.List.of("top", "--window-hours", "90m")),
        "--window-hours '90m' is not a whole number of hours; pass a span in hours or longer"
            + " units, or a number");
  }

  @Test
  void aNegativePreflightEstimateNamesTheFlagTyped() {
    // The message named the MCP argument (estimated_cost_usd) to a user who typed --estimate;
    // the gate's checks speak domain words and the command line names its own flag.
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("preflight", "media-1", "--estimate", "-5")),
        "--estimate -5 is negative; pass the deploy's additional cost this month in dollars");
  }

  @Test
  void reserveAndSettleSayWhichFormsOfDollarsTheyTake() {
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("reserve", "--agent", "a", "--req-id", "r")),
        "give --estimate USD or --model M --input-tokens N --max-output-tokens N");
    assertUsageError(
        Fixture.run(
            dir,
            dir.resolve("audit"),
            java.util.List.of("settle", "rsv_x", "--model", "gpt-4o", "--input-tokens", "10")),
        "--model needs --input-tokens N and --output-tokens N (whole numbers >= 0)");
  }

  @Test
  void anUnknownGroupByNamesTheValidDimensions() {
    assertUsageError(
        Fixture.run(dir, dir.resolve("audit"), java.util.List.of("report", "--group-by", "colour")),
        "--group-by 'colour' is not one of tool, agent_id, user_id, workspace_id, model, status, team, env");
  }

  @Test
  void aBadSpanSaysWhatSpansLookLike() {
    assertUsageError(
        Fixture.run(dir, dir.resolve("audit"), java.util.List.of("report", "--last", "a week")),
        "--last 'a week' is not a span; write a number and a unit, e.g. 30m, 24h, 7d or 2w");
  }

  @Test
  void validateConfigListsEveryProblemAndExits2() throws Exception {
    Path cfg = dir.resolve("cfg");
    Files.createDirectories(cfg);
    Files.writeString(
        cfg.resolve("cost_weights.yml"),
        "defaults:\n  cost_per_call: -1\n  cost_per_ms: 0.001\nbogus: 1\n");
    Files.writeString(cfg.resolve("limits.yml"), "defaults:\n  timeout_ms: fast\n");
    Fixture.Result r = Fixture.runRaw("validate-config", "--config", cfg.toString());
    assertEquals(2, r.exit());
    assertEquals(3, r.out().strip().lines().count(), r.out());
    assertTrue(r.out().contains("cost_weights.yml:2:"), r.out());
    assertTrue(r.out().contains("limits.yml:2:"), r.out());
    assertEquals(
        0,
        Fixture.runRaw("validate-config", "--config", "config").exit(),
        "the shipped config is clean");
  }

  @Test
  void aBrokenConfigStopsAQueryWithEveryProblemListed() throws Exception {
    Path cfg = dir.resolve("cfg");
    Files.createDirectories(cfg);
    Files.writeString(
        cfg.resolve("rbac.yml"), "roles: {a: [tools.cost.reed]}\nprincipals: {p: [b]}\n");
    Fixture.Result r = Fixture.runRaw("top", "--config", cfg.toString(), "--data", dir.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("2 problem(s)"), r.err());
  }
}
