package dev.burnrate.cli;

import dev.burnrate.control.Overrides;
import dev.burnrate.engine.Times;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.usage.QueryException;
import dev.burnrate.usage.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code burnrate override AGENT}: a human lifts a preflight veto for one agent (or takes the lift
 * back) without writing the file by hand. The override goes where {@code store.yml} keeps the
 * governance state: the file the gate reads ({@code <data>/cost/overrides/<agent>.yaml}, written
 * atomically) or the {@code overrides} table every replica reads; either way it is read back
 * through the gate's own reader before the command says it is done.
 */
@Command(
    name = "override",
    mixinStandardHelpOptions = true,
    description =
        "Lift preflight vetoes for one agent until a time, with a reason and an approver"
            + " (--revoke takes it back).")
final class OverrideCmd implements Callable<Integer> {
  /** Longest reason or approver kept: a sentence and an address, not a document. */
  static final int MAX_TEXT = 500;

  /**
   * Longest an override may last: a lift that outlives the month's decisions is a ceiling change.
   */
  static final Duration MAX_LIFETIME = Duration.ofDays(31);

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "AGENT", description = "The agent's exact id.")
  String agent;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why the veto is lifted.")
  String reason;

  @Option(
      names = "--approver",
      paramLabel = "WHO",
      description = "Who approved it (a name or an address).")
  String approver;

  @Option(
      names = "--expires-at",
      paramLabel = "TIME",
      description = "When the lift ends: ISO-8601 with a zone, or a date (UTC midnight).")
  String expiresAt;

  @Option(
      names = "--for",
      paramLabel = "SPAN",
      description = "Or how long from now the lift lasts: 4h, 1d, 7d (at most 31d).")
  String lasting;

  @Option(names = "--revoke", description = "Remove the agent's override instead.")
  boolean revoke;

  @Override
  public Integer call() throws Exception {
    if (agent == null || agent.isBlank() || agent.length() > 256 || hasControl(agent)) {
      throw new UsageException(
          "AGENT must be the agent's id as its usage events spell it (1 to 256 characters, no"
              + " control characters)");
    }
    try (GovernanceState state = Stores.governanceState(App.loadConfig(common.config), common)) {
      return call(new Overrides(state));
    }
  }

  private Integer call(Overrides overrides) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", agent);
    if (revoke) {
      if (reason != null || approver != null || expiresAt != null || lasting != null) {
        throw new UsageException("--revoke takes only AGENT; it removes the override");
      }
      boolean removed = overrides.revoke(agent);
      out.put("path", overrides.path(agent));
      out.put("revoked", removed);
      out.put(
          "note",
          removed
              ? "the override is gone; the next preflight for this agent decides without it"
              : "there was no override for this agent; nothing changed");
      Output.print(System.out, common.format, out);
      return Main.OK;
    }
    String why = text("--reason", reason);
    String who = text("--approver", approver);
    Instant now = common.now();
    Instant until = until(now);
    String path = overrides.write(agent, why, who, until);
    out.put("path", path);
    out.put("reason", why);
    out.put("approver", who);
    out.put("expires_at", until.toString());
    out.put(
        "note",
        "preflight_deploy passes for this agent, with the override named in its answer, until "
            + until
            + "; burnrate override "
            + Text.plain(agent)
            + " --revoke ends it sooner");
    Output.print(System.out, common.format, out);
    return Main.OK;
  }

  private Instant until(Instant now) {
    if ((expiresAt == null) == (lasting == null)) {
      throw new UsageException(
          "give the end of the lift: --expires-at TIME or --for SPAN (one of them)");
    }
    Instant until;
    try {
      until =
          expiresAt != null
              ? Times.parse("--expires-at", expiresAt)
              : now.plus(Times.span("--for", lasting));
    } catch (QueryException e) {
      throw new UsageException(e.getMessage());
    }
    if (!until.isAfter(now)) {
      throw new UsageException(
          "the override would end at "
              + until
              + ", which is not after now ("
              + now
              + "); give a later --expires-at or a --for span");
    }
    if (until.isAfter(now.plus(MAX_LIFETIME))) {
      throw new UsageException(
          "an override lasts at most 31 days (until "
              + now.plus(MAX_LIFETIME)
              + "); for longer, raise the ceiling in budget.yaml");
    }
    return until;
  }

  private static String text(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException(flag + " is required: say it in a line");
    }
    String v = value.strip();
    if (v.length() > MAX_TEXT || hasControl(v)) {
      throw new UsageException(
          flag
              + " must be one line of at most "
              + MAX_TEXT
              + " characters, without control"
              + " characters");
    }
    return v;
  }

  private static boolean hasControl(String s) {
    return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
  }
}
