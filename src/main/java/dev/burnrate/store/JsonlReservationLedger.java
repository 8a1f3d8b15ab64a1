package dev.burnrate.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reservation ledger of one data directory: {@code <data>/reservations/ledger.jsonl}, one entry
 * per line ({@code op} reserve, settle or release).
 *
 * <p>Design (the method of {@link JsonlEventLog}'s appends): every step takes an in-process lock,
 * then an exclusive {@link FileLock} on the file, so threads and processes are serialised alike;
 * under the lock the book is caught up by parsing the complete lines past the last position read,
 * the step decides on that exact state, and its entries are written with one positional write and
 * forced to disk before the lock is released (steps queued meanwhile by other threads run in the
 * same turn and share the write: {@link GroupCommit}). A line torn by a crash (no newline) is
 * skipped, and the next append starts on a new line so it never glues onto it. Lines are never
 * rewritten in place, so a reader that only consumes whole lines always sees a prefix of the truth.
 *
 * <p>Compaction: once the file has grown since it was last written whole by {@link #compactAfter}
 * bytes and by as much as it held then (as a log-structured store doubles before it rewrites), the
 * turn that notices (still holding the lock) prunes the book ({@link Book#prune}) and takes what is
 * left ({@link Book#entries}) with the file position it reflects. A thread of its own writes those
 * entries to a new file, without the lock: at 5,000 reservations a second the book holds about
 * 100,000 of them, and writing them inside a turn held every reserve up for a fifth of a second
 * every few seconds. It then takes the lock like a turn, copies the lines appended since that
 * position (by any process) after them, forces the file, and renames it over the ledger, unless the
 * ledger was replaced or this book was read afresh meanwhile (then it gives up; a later turn starts
 * again). Every turn, after taking the lock, checks that its channel is still the file at the
 * ledger's path (the file key: device and inode); a process whose file was replaced under it drops
 * its book and reads the new file from the start. Nobody appends to the old file after the rename,
 * because appends happen only under its lock, after that check.
 *
 * <p>(It is over the usual length because the turn, the catch-up and the compaction share one lock
 * discipline over one file, and the compaction's steps (its hand-over after the turn, its copies
 * before and under the lock, its swap) only make sense beside the turn's.)
 */
public final class JsonlReservationLedger implements ReservationLedger {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlReservationLedger.class);
  private static final ObjectMapper JSON = dev.burnrate.wire.Wire.MAPPER;

  /**
   * Bytes appended since the file was last written whole, past which it is compacted once they are
   * also more than it held then (see {@link #dueForCompaction}).
   */
  static final long COMPACT_AFTER = 16L << 20;

  /** A compaction's bytes written and forced at a time (see {@link #compact}). */
  private static final int BUFFER = 128 << 10;

  /** A compaction writes for this long, then rests as long (see {@link #compact}). */
  private static final long SLICE_NANOS = 2_000_000L;

  private final Path file;
  private FileChannel channel;
  private Object channelKey;
  private long compactAfter = COMPACT_AFTER;
  private boolean compactInProportion = true;
  private long compactedSize;
  private final GroupCommit steps = new GroupCommit();

  /**
   * A {@link FileLock} is held by the whole JVM, not by a channel: a second instance on the same
   * file in the same process would get an {@code OverlappingFileLockException} instead of waiting.
   * Instances of one file therefore also queue on one in-process lock (an entry per file for the
   * life of the process).
   */
  private static final java.util.concurrent.ConcurrentMap<Path, java.util.concurrent.locks.Lock>
      SAME_FILE = new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.locks.Lock sameFile;
  private Book book = new Book();
  private long readPos;
  private long torn;

  /**
   * Changes whenever the book stops reflecting the channel's file from its start: the file was
   * replaced or the book read afresh. A compaction started in another epoch is given up.
   */
  private long epoch;

  /** Whether a compaction is being written (set and cleared holding {@link #sameFile}). */
  private boolean compacting;

  private final java.util.concurrent.ExecutorService compactor =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          dev.burnrate.usage.DaemonThreads.named("burnrate-ledger-compaction"));

  /** Lines parsed from the file so far (what catching up cost). */
  long linesRead;

  /** Compactions finished (renamed over the ledger) so far. */
  private final java.util.concurrent.atomic.AtomicLong compactions =
      new java.util.concurrent.atomic.AtomicLong();

  private JsonlReservationLedger(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.channelKey = fileKey(file);
    // How much of the file the last compaction wrote is not known here: at most all of it, at least
    // half (see dueForCompaction). Half, so a process that restarts often still compacts.
    this.compactedSize = channel.size() / 2;
    this.sameFile =
        SAME_FILE.computeIfAbsent(
            file.toRealPath(), f -> new java.util.concurrent.locks.ReentrantLock());
  }

  /** Opens (creating it when absent) {@code <data>/reservations/ledger.jsonl}. */
  public static JsonlReservationLedger open(Path data) throws IOException {
    Path dir = data.resolve("reservations");
    Files.createDirectories(dir);
    Path file = dir.resolve("ledger.jsonl");
    removeAbandonedCompactions(dir);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      return new JsonlReservationLedger(file, ch);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Deletes compactions a process left half-written when it ended (older than an hour: one being
   * written now is another process's).
   */
  private static void removeAbandonedCompactions(Path dir) {
    long hourAgo = System.currentTimeMillis() - 3_600_000L;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith("ledger.jsonl.")
            && name.endsWith(".compacting")
            && Files.getLastModifiedTime(p).toMillis() < hourAgo) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      LOG.debug("could not look for abandoned compactions in {}: {}", dir, e.toString());
    }
  }

  public Path file() {
    return file;
  }

  /**
   * One turn of the {@link GroupCommit}: every queued step in order under one file lock, each
   * seeing the entries of those before it, then all their entries with one write and one force.
   */
  @Override
  public <T> T update(Function<Book, Change<T>> step) throws IOException {
    return steps.update(step, this::turn);
  }

  private void turn(GroupCommit.Steps queued) throws IOException {
    Compaction compaction = null;
    sameFile.lock();
    try {
      FileLock lock = lockCurrentFile();
      try {
        catchUp();
        StringBuilder lines = new StringBuilder();
        for (LedgerEntry e : queued.run(book, e -> {})) {
          lines.append(LedgerLines.line(e)).append('\n');
        }
        if (lines.length() > 0) {
          write(lines);
        }
        if (!compacting && dueForCompaction()) {
          compaction = startCompaction();
        }
      } catch (IOException e) {
        // What the book holds may now be ahead of the file: read it again from the start.
        book = new Book();
        readPos = 0;
        epoch++;
        throw e;
      } finally {
        lock.release();
      }
    } finally {
      sameFile.unlock();
    }
    if (compaction != null) {
      // Handed over once the turn's steps are answered: the compaction thread, woken while this
      // turn held the lock, or before its callers were woken, could take this thread's core and
      // hold every reserve of the turn up (6 to 14 ms).
      Compaction c = compaction;
      queued.afterwards(() -> handOver(c));
    }
  }

  private void handOver(Compaction c) {
    try {
      compactor.execute(() -> compact(c));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      sameFile.lock(); // closing
      try {
        c.from().release(c.entries());
        compacting = false;
      } finally {
        sameFile.unlock();
      }
    }
  }

  /** What a compaction writes: {@code entries}, the book {@code from} as of byte {@code at}. */
  private record Compaction(
      Book from,
      java.util.List<LedgerEntry> entries,
      FileChannel source,
      long at,
      long started,
      int kept,
      int before) {}

  /**
   * Prunes the book and takes what is left, for the compaction thread to write (holding both
   * locks): the compaction to hand it.
   */
  private Compaction startCompaction() {
    int before = book.size();
    book.prune();
    java.util.List<LedgerEntry> entries = book.entries();
    int kept = book.size();
    long at = readPos;
    long started = epoch;
    compacting = true;
    return new Compaction(book, entries, channel, at, started, kept, before);
  }

  /**
   * Locks the file at the ledger's path: when another process compacted the ledger since this
   * channel was opened, the channel's file is no longer it, so this drops the book and reopens.
   */
  private FileLock lockCurrentFile() throws IOException {
    while (true) {
      FileLock lock = channel.lock();
      Object key = fileKey(file);
      if (key == null || key.equals(channelKey)) {
        return lock;
      }
      lock.release();
      reopen();
    }
  }

  /** Opens the file now at the ledger's path, to be read from its start into a fresh book. */
  private void reopen() throws IOException {
    closeReplaced(switchTo());
    compactedSize = channel.size();
    book = new Book();
    readPos = 0;
    epoch++;
  }

  /**
   * Opens the file now at the ledger's path in the channel's place; returns the channel it
   * replaced, for the caller to {@linkplain #closeReplaced close}.
   */
  private FileChannel switchTo() throws IOException {
    FileChannel opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileChannel replaced = channel;
    channel = opened;
    channelKey = fileKey(file);
    return replaced;
  }

  private void closeReplaced(FileChannel replaced) {
    try {
      replaced.close();
    } catch (IOException e) {
      LOG.debug("closing the replaced {}: {}", file, e.toString());
    }
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  /**
   * Writes the compaction's entries (its book as of byte {@code at} of the file, in epoch {@code
   * started}) to a new file beside the ledger, without the lock; then, holding it, appends what the
   * ledger gained since {@code at}, forces the file, renames it over the ledger (the directory
   * forced too), and reads on in it from where the book had got to. Gives up, leaving the ledger as
   * it was, when the ledger was replaced or this book read afresh meanwhile, or on a failure.
   * Either way it hands the entries back to the book that made them.
   */
  private void compact(Compaction c) {
    java.util.List<LedgerEntry> entries = c.entries();
    long at = c.at();
    Path tmp = null;
    LOG.debug("compacting {} as of byte {}", file, at);
    try {
      tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".compacting");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        // Written a buffer at a time: the whole book as one string (tens of MB at a high rate)
        // would be a humongous allocation for G1, and pause the reserves for it. So was a buffer
        // of a megabyte: at G1's smallest regions, past half of one, which started a concurrent
        // cycle, and its remark pause, at each compaction.
        long headLength = 0;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        long slice = System.nanoTime();
        int n = 0;
        for (LedgerEntry e : entries) {
          if ((++n & 255) == 0 && System.nanoTime() - slice > SLICE_NANOS) {
            // At most about half a core: at full speed this thread held one of two cores for a
            // quarter of a second, and the reserves queued for the other (270 to 300 of them over
            // 3 ms per compaction at 5,000 a second).
            Thread.sleep(SLICE_NANOS / 1_000_000L);
            slice = System.nanoTime();
          }
          byte[] b = (LedgerLines.line(e) + '\n').getBytes(StandardCharsets.UTF_8);
          if (buf.remaining() < b.length) {
            headLength += drain(buf, out);
            // Forced a buffer at a time: left to one force at the end, tens of megabytes went to
            // disk in one journal commit, and each reserve's small force of the ledger waited
            // behind it (100 to 130 reserves over 3 ms per compaction at 5,000 a second). A
            // reserve's force may still carry what this wrote since its last force (in ext4's
            // ordered mode a journal commit writes every file's new data first), so that is kept
            // to a small buffer's worth: at a megabyte, the ledger's forces took 3 to 8 ms.
            out.force(false);
          }
          if (b.length > buf.capacity()) {
            headLength += drain(ByteBuffer.wrap(b).position(b.length), out);
          } else {
            buf.put(b);
          }
        }
        headLength += drain(buf, out);
        // The whole lines appended since, copied before the lock is taken too: at 5,000 pairs a
        // second a compaction takes long enough for hundreds of kilobytes of them, and copied
        // and forced under the lock they held every reserve for 10 ms and more. Lines are never
        // rewritten, so bytes read without the lock stay true; what follows is copied under it.
        beforeCopy.run();
        long copied = copyWholeLines(c.source(), at, out);
        // Forced before the lock is taken: forcing megabytes while holding it held every reserve
        // for as long as the disk took (about 20 ms); the force under the lock is of the tail.
        out.force(false);
        beforeSwap.run();
        FileChannel replaced;
        long written;
        sameFile.lock();
        try {
          FileLock lock = channel.lock();
          try {
            Object key = fileKey(file);
            if (epoch != c.started() || key == null || !key.equals(channelKey)) {
              return; // replaced, or read afresh: the entries no longer describe this file
            }
            long size = channel.size();
            copy(channel, copied, size, out);
            out.force(true);
            written = headLength + (size - at);
            Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
          } finally {
            lock.release();
          }
          forceDirectory();
          // The book has read the old file up to readPos; the new one holds the same lines from
          // byte headLength on, so reading goes on from there rather than from its start.
          long resume = headLength + (readPos - at);
          replaced = switchTo();
          compactedSize = written;
          readPos = resume;
        } finally {
          sameFile.unlock();
        }
        // Closed after the lock is let go: the last close of a replaced file frees its blocks
        // (tens of megabytes), which held every reserve for 10 ms and more under the lock.
        closeReplaced(replaced);
        compactions.incrementAndGet();
        LOG.info(
            "compacted {} to {} bytes ({} reservations kept of {})",
            file,
            written,
            c.kept(),
            c.before());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: the ledger stays as it was
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not compact {}; it keeps growing until a later try: {}", file, e.toString());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.debug("could not delete {}: {}", tmp, e.toString());
        }
      }
      sameFile.lock(); // done, given up or failed: a later turn may start another
      try {
        c.from().release(entries); // the book that made them, maybe dropped since
        compacting = false;
      } finally {
        sameFile.unlock();
      }
    }
  }

  /**
   * Copies {@code source}'s bytes from {@code from} up to the end of its last whole line (its last
   * newline) to {@code out}; returns where the copy ended ({@code from} when no newline follows
   * it).
   */
  static long copyWholeLines(FileChannel source, long from, FileChannel out) throws IOException {
    long size = source.size();
    ByteBuffer b = ByteBuffer.allocate(8192);
    long end = size;
    long upTo = from;
    while (end > from && upTo == from) {
      int n = (int) Math.min(b.capacity(), end - from);
      long start = end - n;
      b.clear().limit(n);
      while (b.hasRemaining()) {
        if (source.read(b, start + b.position()) < 0) {
          return from; // shorter than it was a moment ago: not the ledger's file any more
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (b.get(i) == '\n') {
          upTo = start + i + 1;
          break;
        }
      }
      end = start;
    }
    copy(source, from, upTo, out);
    return upTo;
  }

  /** Copies {@code source}'s bytes {@code [from, to)} to {@code out}, at its position. */
  private static void copy(FileChannel source, long from, long to, FileChannel out)
      throws IOException {
    for (long pos = from; pos < to; ) {
      long n = source.transferTo(pos, to - pos, out);
      if (n <= 0) {
        throw new IOException("the ledger ended at byte " + pos + " while being copied");
      }
      pos += n;
    }
  }

  /** Writes what {@code buf} holds (up to its position) to {@code out} and empties it. */
  private static long drain(ByteBuffer buf, FileChannel out) throws IOException {
    buf.flip();
    long n = buf.remaining();
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    buf.clear();
    return n;
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("could not force the directory of {}: {}", file, e.toString());
    }
  }

  /** Runs once a compaction's entries are written, before it takes the lock (tests). */
  Runnable beforeSwap = () -> {};

  /** Runs once a compaction's entries are written, before it copies what followed them (tests). */
  Runnable beforeCopy = () -> {};

  /** Waits until no compaction is being written (tests). */
  void awaitCompaction() throws Exception {
    compactor.submit(() -> {}).get();
  }

  /**
   * Whether the file grew enough since it was last written whole to be written whole again: by
   * {@link #compactAfter} and by as much as it held then. Every 16 MB alone, a steady 5,000 pairs a
   * second (100,000 reservations kept, 33 MB) rewrote 33 MB for every 16 MB appended, each time
   * holding up hundreds of reserves for most of a second; in proportion, a compaction writes at
   * most about what was appended since the last one, and a process starting reads at most twice
   * what the last one wrote.
   */
  private boolean dueForCompaction() {
    long grown = readPos - compactedSize;
    return grown > compactAfter && (!compactInProportion || grown > compactedSize);
  }

  /** Bytes appended after which the next turn compacts, whatever the file held (tests). */
  void compactAfter(long bytes) {
    compactAfter(bytes, false);
  }

  /** As {@link #compactAfter(long)}, or also once as much as the file held was appended. */
  void compactAfter(long bytes, boolean inProportion) {
    this.compactAfter = bytes;
    this.compactInProportion = inProportion;
  }

  /**
   * Appends {@code lines} at the end and forces them to disk. The book already holds them, so the
   * read position moves past them; a torn tail they follow (a crashed writer's partial line, which
   * catching up stops at) is skipped and counted.
   */
  private void write(StringBuilder lines) throws IOException {
    long size = channel.size();
    // Read up to the end, the file ends with a line's newline (catching up stops short of a
    // partial line), so only a file with more past the read position needs its last byte read.
    if (size > readPos && lastByte(size) != '\n') {
      lines.insert(0, '\n');
    }
    ByteBuffer data = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    long at = size;
    while (data.hasRemaining()) {
      at += channel.write(data, at);
    }
    channel.force(false);
    if (readPos < size) {
      torn++;
      LOG.warn("skipping a torn line of {} at byte {}", file, readPos);
    }
    readPos = at;
  }

  private byte lastByte(long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    channel.read(one, size - 1);
    return one.get(0);
  }

  /** Applies every complete line past {@link #readPos}. */
  private void catchUp() throws IOException {
    long size = channel.size();
    while (readPos < size) {
      int n = (int) Math.min(size - readPos, 8 << 20);
      ByteBuffer buf = ByteBuffer.allocate(n);
      while (buf.hasRemaining()) {
        if (channel.read(buf, readPos + buf.position()) < 0) {
          break;
        }
      }
      byte[] b = buf.array();
      int lineStart = 0;
      for (int i = 0; i < buf.position(); i++) {
        if (b[i] == '\n') {
          apply(new String(b, lineStart, i - lineStart, StandardCharsets.UTF_8));
          lineStart = i + 1;
        }
      }
      if (lineStart == 0) {
        return; // a partial line only: another writer is not done, or it was torn
      }
      readPos += lineStart;
    }
  }

  private void apply(String line) {
    if (line.isBlank()) {
      return;
    }
    linesRead++;
    try {
      book.apply(LedgerLines.parse(JSON.readTree(line)));
    } catch (IOException | RuntimeException e) {
      torn++;
      LOG.warn("skipping unreadable line of {}: {}", file, e.toString());
    }
  }

  @Override
  public long compactions() {
    return compactions.get();
  }

  /** Lines skipped as unreadable so far (a torn write, a hand edit). */
  public long unreadableLines() {
    return torn;
  }

  @Override
  public void close() {
    compactor.shutdown();
    try {
      if (!compactor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("a compaction of {} is still being written; closing without it", file);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", file, e.toString());
    }
  }
}
