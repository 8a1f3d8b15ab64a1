package dev.burnrate.control;

import dev.burnrate.budget.Budget;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.engine.WindowSpend;
import dev.burnrate.reserve.Admission;
import dev.burnrate.reserve.Answers;
import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.reserve.Reservation;
import dev.burnrate.reserve.ReservePolicy;
import dev.burnrate.reserve.Scope;
import dev.burnrate.reserve.ScopeKind;
import dev.burnrate.reserve.Scopes;
import dev.burnrate.reserve.Tally;
import dev.burnrate.reserve.Usd;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.ReservationLedger;
import dev.burnrate.store.ReservationLedger.Change;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The per-call spend gate: reserve, settle, release, over the reservation ledger and the event log.
 *
 * <p>Design note — where settled spend comes from, and the double-count window. A scope's settled
 * spend is the event index's dollars in the scope's window (fleet, team or agent; {@link
 * WindowSpend}) plus the ledger's settles whose usage event this process has not yet seen in its
 * index; a run's settled spend is the ledger's settles of that run alone (the index has no run
 * column). A settle writes the ledger first and the usage event second (same {@code req_id} as the
 * reservation, {@code cost_usd} = the actual), so from the ledger line on the spend is counted
 * exactly once: by the ledger until the index shows the event, by the index after. Each decision
 * checks, under the ledger lock, which pending settles the index now holds ({@link
 * EventIndex#containsRequest}) <em>before</em> it sums the index: an event indexed in between is
 * then counted twice for that one decision — too strict by one settle, never too lenient. The
 * reverse order could count it zero times, which is why it is not used. A crash between the two
 * writes leaves the ledger counting the spend (reports miss the event until a retried settle of the
 * same reservation writes it; the {@code req_id} makes that write idempotent). An event recorded
 * with {@code record_usage} under the reservation's {@code req_id} is the same call and is counted
 * once. Because the ledger counts a settle until then, its event is appended with {@link
 * EventLog#appendSettles} and the gate looks at the log with {@link EventLog#refreshForGate}: the
 * event may reach the index a few milliseconds later, with the settles after it, instead of being
 * read back alone.
 */
public final class SpendGate implements AutoCloseable {
  /** The tool name of the usage events settles record. */
  public static final String TOOL = "reserved_spend";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Budget budget;
  private final ReservePolicy policy;
  private final ReservationLedger ledger;
  private final Supplier<? extends EventLog> log;
  private final Map<String, Set<String>> teams;

  public SpendGate(
      Budget budget,
      ReservePolicy policy,
      ReservationLedger ledger,
      Supplier<? extends EventLog> log) {
    this.budget = budget;
    this.policy = policy;
    this.ledger = ledger;
    this.log = log;
    this.teams = Scopes.teamAgents(budget);
  }

  /**
   * The gate over the reservation ledger {@code store.yml} chooses (see {@link #ledger}), with
   * {@code config}'s budget and reservation settings; {@link #close} closes the ledger.
   */
  public static SpendGate open(
      dev.burnrate.config.Config config, java.nio.file.Path data, Supplier<? extends EventLog> log)
      throws IOException {
    return new SpendGate(config.budget(), config.reservations(), ledger(config, data, log), log);
  }

  /**
   * The one place that picks the reservation ledger, as {@code store.yml} picks the event log: with
   * {@code kind: postgres} the ledger table beside the events, over the log's own pool (so
   * reservations are atomic across every replica of that database); else {@code
   * <data>/reservations/ledger.jsonl} (created when absent).
   */
  static ReservationLedger ledger(
      dev.burnrate.config.Config config, java.nio.file.Path data, Supplier<? extends EventLog> log)
      throws IOException {
    if (config.store() instanceof dev.burnrate.config.StoreConfig.Postgres) {
      EventLog l = log.get();
      if (l instanceof dev.burnrate.store.postgres.PostgresEventLog pg) {
        return dev.burnrate.store.postgres.PostgresReservationLedger.beside(pg);
      }
      throw new IllegalStateException(
          "store.yml names PostgreSQL but the event log is " + l.getClass().getSimpleName());
    }
    return dev.burnrate.store.JsonlReservationLedger.open(data);
  }

  /** Compactions the ledger has finished since it was opened (see {@link ReservationLedger}). */
  public long ledgerCompactions() {
    return ledger.compactions();
  }

  /** Closes the ledger. */
  @Override
  public void close() {
    ledger.close();
  }

  public ReservePolicy policy() {
    return policy;
  }

  /** One request to reserve; {@code ttl} empty means the configured default. */
  public record Request(
      String agent,
      Optional<String> run,
      BigDecimal estimatedUsd,
      Optional<Duration> ttl,
      String reqId) {}

  public Answers.Reserve reserve(Request q, Instant now) throws IOException {
    requireName("agent_id", q.agent());
    requireName("req_id", q.reqId());
    q.run().ifPresent(r -> requireName("run_id", r));
    long estimate = Usd.estimateNanos(q.estimatedUsd());
    Duration ttl = policy.ttl(q.ttl());
    List<Scope> scopes = Scopes.applicable(budget, policy, q.agent(), q.run(), now);
    EventLog l = log.get();
    l.refreshForGate(250);
    return ledger.update(
        book -> {
          Optional<Reservation> earlier = book.byReqId(q.reqId());
          if (earlier.isPresent()) {
            Reservation r = earlier.get();
            return Change.none(
                new Answers.Reserve(
                    "granted",
                    Optional.of(r.id()),
                    r.reqId(),
                    r.agent(),
                    Optional.ofNullable(r.run()),
                    Usd.show(r.estimateNanos()),
                    Optional.of(r.expiresAt().toString()),
                    true,
                    Optional.empty(),
                    states(book, scopes, now, l.index()),
                    "req_id "
                        + r.reqId()
                        + " was reserved before; this is that reservation (now "
                        + r.status(now)
                        + ")"));
          }
          List<Tally> tallies = tallies(book, scopes, now, l.index());
          Admission.Decision d = Admission.decide(tallies, estimate);
          if (!d.granted()) {
            var by = d.refusedBy().orElseThrow();
            return Change.none(
                new Answers.Reserve(
                    "denied",
                    Optional.empty(),
                    q.reqId(),
                    q.agent(),
                    q.run(),
                    Usd.show(estimate),
                    Optional.empty(),
                    false,
                    d.refusedBy(),
                    d.scopes(),
                    "denied by "
                        + by.scope()
                        + " "
                        + by.name()
                        + ": $"
                        + by.remainingUsd().toPlainString()
                        + " left of $"
                        + by.limitUsd().toPlainString()
                        + (by.resetsAt() == null ? " for this run" : " until " + by.resetsAt())
                        + "; ask for less, wait, or stop"));
          }
          String id = "rsv_" + HexFormat.of().formatHex(bytes(12));
          Instant expires = now.plus(ttl);
          return Change.append(
              new LedgerEntry.Reserved(
                  id, q.reqId(), q.agent(), q.run().orElse(null), estimate, now, expires),
              new Answers.Reserve(
                  "granted",
                  Optional.of(id),
                  q.reqId(),
                  q.agent(),
                  q.run(),
                  Usd.show(estimate),
                  Optional.of(expires.toString()),
                  false,
                  Optional.empty(),
                  d.scopes(),
                  "granted: settle_spend with the actual cost when done, or release_spend if nothing was spent;"
                      + " unsettled it stops counting at "
                      + expires));
        });
  }

  /** What a settle records besides the amount: the model and tokens, when the caller gave them. */
  public record Usage(
      String model,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens) {}

  public Answers.Settle settle(String id, BigDecimal actualUsd, Optional<Usage> usage, Instant now)
      throws IOException {
    requireName("reservation_id", id);
    long actual = Usd.actualNanos(actualUsd);
    record Result(Reservation r, boolean already, boolean expired) {}
    Result res =
        ledger.update(
            book -> {
              Reservation r = book.byId(id).orElseThrow(() -> unknown(id));
              if (r.state() == Reservation.State.SETTLED) {
                return Change.none(new Result(r, true, false));
              }
              boolean expired = r.state() == Reservation.State.OPEN && !now.isBefore(r.expiresAt());
              Reservation after = r.closed(Reservation.State.SETTLED, actual, now);
              return Change.append(
                  new LedgerEntry.Settled(id, actual, now), new Result(after, false, expired));
            });
    Reservation r = res.r();
    // The event after the ledger line (see the design note); a retried settle rewrites it
    // idempotently.
    boolean recorded = log.get().appendSettles(List.of(event(r, usage)))[0];
    String msg =
        res.already()
            ? "already settled at $"
                + Usd.show(r.actualNanos()).toPlainString()
                + "; that amount stands"
            : "settled: $"
                + Usd.show(r.actualNanos()).toPlainString()
                + " counted as spend in place of the $"
                + Usd.show(r.estimateNanos()).toPlainString()
                + " reserved"
                + (res.expired()
                    ? " (the reservation had expired; the spend counts all the same)"
                    : "");
    return new Answers.Settle(
        r.id(),
        "settled",
        Usd.show(r.estimateNanos()),
        Usd.show(r.actualNanos()),
        res.already(),
        res.expired(),
        recorded,
        msg);
  }

  public Answers.Release release(String id, Instant now) throws IOException {
    requireName("reservation_id", id);
    return ledger.update(
        book -> {
          Reservation r = book.byId(id).orElseThrow(() -> unknown(id));
          if (r.state() != Reservation.State.OPEN) {
            return Change.none(
                new Answers.Release(
                    id,
                    r.status(now),
                    false,
                    "nothing to release: the reservation is " + r.status(now)));
          }
          String status = r.status(now);
          return Change.append(
              new LedgerEntry.Released(id, now),
              new Answers.Release(
                  id,
                  "released",
                  true,
                  "released: its $"
                      + Usd.show(r.estimateNanos()).toPlainString()
                      + " no longer counts"
                      + ("expired".equals(status) ? " (it had already expired)" : "")));
        });
  }

  /**
   * The seam for {@code check_budget} and {@code preflight_deploy}: every scope that applies to
   * {@code agent} (and {@code run}) at {@code now}, with settled and reserved-but-unsettled
   * dollars.
   */
  public List<Tally> tallies(String agent, Optional<String> run, Instant now) throws IOException {
    List<Scope> scopes = Scopes.applicable(budget, policy, agent, run, now);
    EventLog l = log.get();
    l.refreshForGate(250);
    return ledger.read(book -> tallies(book, scopes, now, l.index()));
  }

  /**
   * Reserved-but-unsettled dollars at {@code now}, as budgets count them: per agent, the fleet's
   * under the key {@code null}.
   */
  public Map<String, java.math.BigDecimal> reservedUsdByAgent(Instant now) {
    try {
      Map<String, java.math.BigDecimal> usd = new HashMap<>();
      reservedByAgent(now)
          .forEach((agent, nanos) -> usd.put(agent, java.math.BigDecimal.valueOf(nanos, 9)));
      return usd;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not read the reservation ledger", e);
    }
  }

  /**
   * Reserved-but-unsettled nano-dollars at {@code now}: per agent, and for the fleet under the key
   * {@code null}. Teams are the sums of their agents.
   */
  public Map<String, Long> reservedByAgent(Instant now) throws IOException {
    EventIndex index = log.get().index();
    return ledger.read(
        book -> {
          // Settles this process's index now holds leave the book's pending set, so a process that
          // only reads the gate does not keep every other process's settles for weeks.
          markIndexed(book, index);
          Map<String, Long> out = new HashMap<>();
          for (Reservation r : book.open(now)) {
            out.merge(r.agent(), r.estimateNanos(), Long::sum);
            out.merge(null, r.estimateNanos(), Long::sum);
          }
          return out;
        });
  }

  private List<dev.burnrate.reserve.ScopeState> states(
      Book book, List<Scope> scopes, Instant now, EventIndex index) {
    return tallies(book, scopes, now, index).stream().map(Tally::state).toList();
  }

  private List<Tally> tallies(Book book, List<Scope> scopes, Instant now, EventIndex index) {
    // First: which pending settles the index already holds (see the design note for the order).
    markIndexed(book, index);
    Map<Instant, WindowSpend.Spend> windows = new HashMap<>();
    return book.tally(
        scopes,
        teams,
        now,
        s -> {
          if (s.kind() == ScopeKind.RUN) {
            return 0;
          }
          WindowSpend.Spend w =
              windows.computeIfAbsent(
                  s.windowStart(), from -> WindowSpend.between(index, from, now));
          return switch (s.kind()) {
            case FLEET_MONTH -> w.totalNanos();
            case TEAM_MONTH ->
                teams.getOrDefault(s.name(), Set.of()).stream().mapToLong(w::agent).sum();
            default -> w.agent(s.name());
          };
        });
  }

  private static void markIndexed(Book book, EventIndex index) {
    book.dropIndexed(
        index.additions(),
        r -> index.containsRequest(SegmentBuilder.reqHash(r.reqId()), micros(r.closedAt())));
  }

  private static UsageEvent event(Reservation r, Optional<Usage> usage) {
    long micros = micros(r.closedAt());
    Usage u = usage.orElse(null);
    return new UsageEvent(
        micros,
        r.reqId(),
        null,
        null,
        r.agent(),
        TOOL,
        "settle",
        Status.PASS,
        0,
        0,
        0,
        null,
        r.run(),
        null,
        null,
        u == null ? null : u.model(),
        u == null ? -1 : u.inputTokens(),
        u == null ? -1 : u.outputTokens(),
        u == null ? -1 : u.cacheReadTokens(),
        u == null ? -1 : u.cacheWriteTokens(),
        BigDecimal.valueOf(r.actualNanos(), 9),
        Double.NaN,
        null,
        null);
  }

  private static IllegalArgumentException unknown(String id) {
    return new IllegalArgumentException(
        "reservation_id '"
            + dev.burnrate.usage.Text.plain(id)
            + "' is not in the ledger: pass the reservation_id reserve_spend answered; one settled"
            + " or released over 10 minutes ago, or expired over an hour ago, is forgotten, so"
            + " record that call with record_usage");
  }

  private static void requireName(String what, String v) {
    if (v == null || v.isBlank() || v.length() > 256) {
      throw new IllegalArgumentException(what + " must be 1 to 256 characters");
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
