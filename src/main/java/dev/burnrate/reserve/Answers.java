package dev.burnrate.reserve;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The answers of the spend gate, in their wire shape (snake_case through the one JSON mapping). */
public final class Answers {
  private Answers() {}

  /**
   * {@code reserve_spend}: granted with a reservation id, or denied naming the refusing scope;
   * every scope's state either way, so an agent can shrink its next step instead of failing.
   *
   * @param replayed true when {@code req_id} was reserved before and this is that reservation
   */
  public record Reserve(
      String decision,
      Optional<String> reservationId,
      String reqId,
      String agentId,
      Optional<String> runId,
      BigDecimal estimatedUsd,
      Optional<String> expiresAt,
      boolean replayed,
      Optional<ScopeState> refusedBy,
      List<ScopeState> scopes,
      String message) {
    public Reserve {
      scopes = List.copyOf(scopes);
    }

    public boolean granted() {
      return "granted".equals(decision);
    }
  }

  /**
   * {@code settle_spend}: the reservation's status afterwards ({@code settled}), what it held and
   * what was spent; {@code already_settled} when an earlier settle won (its amount stands).
   */
  public record Settle(
      String reservationId,
      String status,
      BigDecimal estimatedUsd,
      BigDecimal actualUsd,
      boolean alreadySettled,
      boolean expiredBeforeSettle,
      boolean eventRecorded,
      String message) {}

  /** {@code release_spend}: the reservation's status afterwards. */
  public record Release(String reservationId, String status, boolean released, String message) {}
}
