package dev.burnrate.store;

import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The durable ledger of spend reservations, the port behind which reservations are stored: a JSONL
 * file under an exclusive file lock for one host ({@link JsonlReservationLedger}), a PostgreSQL
 * table for replicas ({@code store.postgres.PostgresReservationLedger}: append-only, read in
 * sequence order under a transaction-scoped advisory lock). {@code ReservationLedgerContract} holds
 * both to the same promises.
 *
 * <p>The contract is one atomic step: {@link #update} holds the ledger exclusively against every
 * thread, process and replica, brings the {@link Book} up to every entry anyone appended, lets the
 * step decide, and appends the entries it returns before anyone else may look. Check-and-reserve is
 * therefore never split.
 */
public interface ReservationLedger extends AutoCloseable {

  /** What a step appends, and what it answers. */
  record Change<T>(List<LedgerEntry> entries, T result) {
    public Change {
      entries = List.copyOf(entries);
    }

    public static <T> Change<T> none(T result) {
      return new Change<>(List.of(), result);
    }

    public static <T> Change<T> append(LedgerEntry e, T result) {
      return new Change<>(List.of(Objects.requireNonNull(e, "entry")), result);
    }
  }

  /**
   * Runs {@code step} holding the ledger exclusively, with the book caught up; appends (durably)
   * and applies the entries it returns, then answers its result.
   */
  <T> T update(Function<Book, Change<T>> step) throws IOException;

  /** Runs {@code view} on the caught-up book (the book must not be kept past the call). */
  default <T> T read(Function<Book, T> view) throws IOException {
    return update(b -> Change.none(view.apply(b)));
  }

  /** Compactions this ledger has finished since it was opened (none for a ledger that has none). */
  default long compactions() {
    return 0;
  }

  @Override
  void close();
}
