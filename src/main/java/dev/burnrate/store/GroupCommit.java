package dev.burnrate.store;

import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.ReservationLedger.Change;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The group commit both reservation ledgers use: a step queues itself, and whichever thread takes
 * the in-process lock next runs a turn of the ledger (one file lock and one force for JSONL, one
 * transaction for PostgreSQL) in which every step queued by the time the ledger is held runs, each
 * seeing the entries of those before it. Taking the steps only once the ledger is held (not when
 * the turn starts) lets the ones that queued while it waited for another process or replica share
 * the turn, so batches grow with contention instead of queueing behind it. A step's thread is woken
 * as soon as its turn is done, not when it could next take the lock: waiting for the lock would
 * hold every finished caller until the following turn ended, so they could not queue their next
 * step in time and batches stayed at two or so however many threads there were. The answers are the
 * ones one step at a time would give; a burst of callers shares a flush or a commit instead of
 * queueing for one each. A step that throws fails alone; a turn that cannot write fails every step
 * in it.
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
    final Thread waiter = Thread.currentThread();
    volatile boolean done; // written last: its volatile write publishes the fields above

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
  public final class Steps {
    private final List<Pending<?>> batch = new ArrayList<>();
    private Runnable afterwards;

    private Steps() {}

    /**
     * Runs {@code r} once the turn's steps are answered, their callers woken and the next turn free
     * to start (on this turn's thread), for work that should hold none of them up; one per turn.
     */
    public void afterwards(Runnable r) {
      afterwards = r;
    }

    /**
     * Takes every step queued by now (steps that queued while the turn waited for the ledger run in
     * it too) and runs them in order on {@code book}, applying each one's entries before the next
     * runs (an entry {@code check} refuses fails its step alone); returns the entries to write.
     * Called once per turn, after the ledger is held.
     */
    public List<LedgerEntry> run(Book book, Consumer<LedgerEntry> check) {
      drainInto(batch);
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
    boolean interrupted = false;
    while (!p.done) {
      // Parking returns at once while interrupted: note it, wait on, and restore it at the end.
      interrupted |= Thread.interrupted();
      if (local.tryLock()) {
        Runnable afterwards = null;
        try {
          if (!p.done) {
            afterwards = runQueued(turn); // p is in the queue, so this turn runs it
          }
        } finally {
          local.unlock();
        }
        // Steps that queued during the turn need a thread to run the next one: wake the first.
        Pending<?> next = queue.peek();
        if (next != null) {
          LockSupport.unpark(next.waiter);
        }
        if (afterwards != null) {
          afterwards.run();
        }
      } else {
        // Another thread is running a turn: it wakes this one when the step is done, or when it
        // is this one's turn to run the next. The timeout only guards against a lost wake-up; at a
        // millisecond, dozens of waiting callers woke a thousand times a second each, and their
        // parking took a tenth of the process's CPU.
        LockSupport.parkNanos(this, 50_000_000);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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

  /** Runs a turn and answers its steps; returns what it left to run afterwards, or null. */
  private Runnable runQueued(Turn turn) {
    Steps steps = new Steps();
    List<Pending<?>> batch = steps.batch;
    try {
      turn.run(steps);
      if (batch.isEmpty()) {
        throw new IllegalStateException("a ledger turn ended without running its steps");
      }
    } catch (IOException e) {
      drainInto(batch); // a turn that failed before it ran them fails the waiting steps too
      for (Pending<?> q : batch) {
        q.ioFailure = e;
      }
    } catch (RuntimeException e) {
      drainInto(batch);
      for (Pending<?> q : batch) {
        q.failure = e;
      }
    } finally {
      for (Pending<?> q : batch) {
        q.done = true;
        LockSupport.unpark(q.waiter);
      }
    }
    return steps.afterwards;
  }

  private void drainInto(List<Pending<?>> batch) {
    for (Pending<?> q = queue.poll(); q != null; q = queue.poll()) {
      batch.add(q);
    }
  }
}
