package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.ReservePolicy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservationsConfigTest {
  @TempDir Path dir;

  private List<Problem> validate(String yaml) throws Exception {
    Files.writeString(dir.resolve("budget.yaml"), yaml);
    return ConfigLoader.validate(dir);
  }

  @Test
  void aBudgetWithoutReservationKeysGetsTheDefaults() throws Exception {
    Files.writeString(dir.resolve("budget.yaml"), "monthly_ceiling_usd: {total: 100}\n");
    assertEquals(ReservePolicy.DEFAULT, ConfigLoader.load(dir).reservations());
  }

  @Test
  void runCeilingsRollingCapsAndTtlsAreRead() throws Exception {
    Files.writeString(
        dir.resolve("budget.yaml"),
        """
        reservations: {default_ttl_seconds: 120, max_ttl_seconds: 600}
        run_ceiling_usd: {default: 25, per_agent: {coder-1: 60}}
        rolling_caps_usd:
          coder-1: {last_hour: 40, last_24h: 300}
          media-1: {last_hour: 5}
        """);
    ReservePolicy p = ConfigLoader.load(dir).reservations();
    assertEquals(Duration.ofSeconds(120), p.defaultTtl());
    assertEquals(Duration.ofSeconds(600), p.maxTtl());
    assertEquals(0, new BigDecimal("60").compareTo(p.runCeilingUsd("coder-1").orElseThrow()));
    assertEquals(0, new BigDecimal("25").compareTo(p.runCeilingUsd("anyone").orElseThrow()));
    assertEquals(
        0,
        new BigDecimal("40")
            .compareTo(p.rollingCapsUsd().get("coder-1").lastHourUsd().orElseThrow()));
    assertEquals(Optional.empty(), p.rollingCapsUsd().get("media-1").last24hUsd());
  }

  @Test
  void unknownKeysWrongAmountsAndATtlAboveTheMaximumAreLocatedProblems() throws Exception {
    List<Problem> problems =
        validate(
            """
        reservations: {default_ttl_seconds: 900, max_ttl_seconds: 600, ttl: 5}
        run_ceiling_usd: {default: 0}
        rolling_caps_usd:
          coder-1: {hour: 40}
          media-1: {}
        """);
    String all = problems.toString();
    assertEquals(6, problems.size(), all);
    assertTrue(
        all.contains("budget.yaml:1:") && all.contains("reservations.default_ttl_seconds"), all);
    assertTrue(all.contains("reservations.ttl"), all);
    assertTrue(all.contains("run_ceiling_usd.default"), all);
    assertTrue(all.contains("rolling_caps_usd.coder-1.hour"), all);
    assertTrue(all.contains("rolling_caps_usd.media-1"), all);
  }
}
