package dev.burnrate.store;

import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.ReservationLedger.Change;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The group commit both reservation ledgers use: a step queues itself, and whichever thread takes
 * the in-process lock next runs every queued step in one turn of the ledger (one file lock and one
 * force for JSONL, one transaction for PostgreSQL), each step seeing the entries of those before
 * it. The answers are the ones one step at a time would give; a burst of callers shares a flush or
 * a commit instead of queueing for one each. A step that throws fails alone; a turn that cannot
 * write fails every step in it.
 */
public final class GroupCommit {
  private final ReentrantLock local = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();

  /** One turn of the ledger over the steps queued for it. */
  @FunctionalInterface
  public interface Turn {
    /**
     * Holds the ledger, catches the book up, calls {@link Steps#run} and makes what it returns
     * durable. Throwing fails every step of the turn (after it has put the book right: entries the
     * steps applied that did not become durable must not stay in it).
     */
    void run(Steps steps) throws IOException;
  }

  /** A step waiting for its turn, and what it came to. */
  private static final class Pending<T> {
    final Function<Book, Change<T>> step;
    T result;
    RuntimeException failure;
    IOException ioFailure;
    boolean done;

    Pending(Function<Book, Change<T>> step) {
      this.step = step;
    }

    void run(Book book, Consumer<LedgerEntry> check, List<LedgerEntry> out) {
      try {
        Change<T> change = step.apply(book);
        // Every entry checked before any applies: a refused step leaves no trace in the book.
        change.entries().forEach(check);
        for (LedgerEntry e : change.entries()) {
          book.apply(e);
          out.add(e);
        }
        result = change.result();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }

  /** The steps of one turn. */
  public static final class Steps {
    private final List<Pending<?>> batch;

    private Steps(List<Pending<?>> batch) {
      this.batch = batch;
    }

    /**
     * Runs every step in order on {@code book}, applying each one's entries before the next runs
     * (an entry {@code check} refuses fails its step alone), and returns the entries to write.
     */
    public List<LedgerEntry> run(Book book, Consumer<LedgerEntry> check) {
      List<LedgerEntry> out = new ArrayList<>();
      for (Pending<?> p : batch) {
        p.run(book, check, out);
      }
      return out;
    }
  }

  /** Queues {@code step}, runs turns until it has run, and answers its result. */
  public <T> T update(Function<Book, Change<T>> step, Turn turn) throws IOException {
    Pending<T> p = new Pending<>(step);
    queue.add(p);
    local.lock();
    try {
      if (!p.done) {
        runQueued(turn);
      }
    } finally {
      local.unlock();
    }
    if (p.ioFailure != null) {
      // The turn's own exception (it may have run on another thread): its trace shows where the
      // write failed, and its type (say, the store being unavailable) stays what it was.
      throw p.ioFailure;
    }
    if (p.failure != null) {
      throw p.failure;
    }
    return p.result;
  }

  private void runQueued(Turn turn) {
    List<Pending<?>> batch = new ArrayList<>();
    for (Pending<?> q = queue.poll(); q != null; q = queue.poll()) {
      batch.add(q);
    }
    try {
      turn.run(new Steps(batch));
    } catch (IOException e) {
      for (Pending<?> q : batch) {
        q.ioFailure = e;
      }
    } catch (RuntimeException e) {
      for (Pending<?> q : batch) {
        q.failure = e;
      }
    } finally {
      for (Pending<?> q : batch) {
        q.done = true;
      }
    }
  }
}
