package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: an audit directory of {@code tool_audit_YYYY-MM-DD.jsonl} files (one per
 * UTC day), exactly the layout existing audit writers produce, plus a derived index directory of
 * column segments so that a restart maps a month of history instead of re-parsing it.
 *
 * <p>(It is a little over the usual length because appending, catching up and the periodic look
 * share one per-file lock discipline; segment files, the watch and a file's chain live in {@link
 * SegmentCache}, {@code AuditWatch} and {@code FileState}.)
 *
 * <p>Design: each audit file is covered by a chain of immutable segment files kept by the {@link
 * SegmentCache} (which also checks them against the log), then by in-memory tail segments for the
 * bytes past the chain. New files and appends are seen through a directory watch, so a look at the
 * log costs nothing for files that did not change (see {@link AuditWatch}). Bytes past the chain
 * are parsed at open and on every refresh; a large enough run of them is persisted as a new
 * segment. Several processes may share the directories: appends take an exclusive file lock and
 * write whole lines with one call, readers only consume complete lines, and segment files are
 * written to a temporary name and renamed into place.
 */
public final class JsonlEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlEventLog.class);
  static final Pattern AUDIT_FILE = Pattern.compile("tool_audit_(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
  private static final int MAX_TAILS = 32;

  /**
   * How long this process's settle events may wait to be indexed (see {@link #appendSettles}): long
   * enough that the index reads a burst of settles as one segment, not one each.
   */
  static final long SETTLE_LAG_NANOS = 20_000_000L;

  /** The most lagging lines a file keeps before the next append indexes them. */
  static final int MAX_LAGGING_LINES = 256;

  private final Path auditDir;
  private final SegmentCache cache;
  private final RangeIndexer ranges;
  private final EventIndex index;
  private final Map<String, FileState> files = new TreeMap<>();
  private volatile long lastRefreshNanos;
  private final AuditWatch watch;

  /** {@link #SETTLE_LAG_NANOS}, but for tests that must not depend on a disk's speed. */
  long settleLagNanos = SETTLE_LAG_NANOS;

  /** The files with lagging lines of this process (see {@link #appendSettles}). */
  private final Set<FileState> lagging = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final java.util.concurrent.atomic.AtomicLong reparsed =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger filesRead =
      new java.util.concurrent.atomic.AtomicInteger();

  private JsonlEventLog(Path auditDir, Path segmentDir, EventIndex index) {
    this.auditDir = auditDir;
    this.cache = new SegmentCache(segmentDir, index);
    this.ranges = new RangeIndexer(cache, index);
    this.index = index;
    this.watch = new AuditWatch(auditDir);
  }

  /**
   * Opens (and indexes, on first use) an audit directory.
   *
   * @param indexDir where derived segments are kept, e.g. {@code <data>/index}
   */
  public static JsonlEventLog open(Path auditDir, Path indexDir, EventIndex index)
      throws IOException {
    return open(auditDir, indexDir, index, Runtime.getRuntime().availableProcessors(), 0);
  }

  /**
   * As {@link #open(Path, Path, EventIndex)} with the first ingest on {@code workers} threads (1:
   * file by file, block by block, on one thread) cutting files into ranges of {@code rangeBytes}
   * (0: an even share per worker).
   */
  static JsonlEventLog open(
      Path auditDir, Path indexDir, EventIndex index, int workers, long rangeBytes)
      throws IOException {
    Files.createDirectories(auditDir);
    Files.createDirectories(indexDir);
    JsonlEventLog log = new JsonlEventLog(auditDir, indexDir, index);
    log.loadAll(workers, rangeBytes);
    return log;
  }

  @Override
  public EventIndex index() {
    return index;
  }

  public Path auditDir() {
    return auditDir;
  }

  /**
   * Maps every file's chain, then indexes what lies past the chains: cut into ranges parsed on
   * {@code workers} threads when there are several (see {@link ParallelIngest}), then the rest of
   * each file (bytes appended meanwhile, a last incomplete line) by the sequential catch-up.
   */
  private void loadAll(int workers, long rangeBytes) throws IOException {
    Map<String, List<Path>> segmentsByFile = cache.segmentsByFile();
    List<Path> audit = listAuditFiles();
    int threads = Math.max(1, workers);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, dev.burnrate.usage.DaemonThreads.named("burnrate-index"));
    try {
      List<Future<FileState>> chains = new ArrayList<>();
      for (Path p : audit) {
        List<Path> segs = segmentsByFile.getOrDefault(p.getFileName().toString(), List.of());
        chains.add(pool.submit(() -> loadChain(p, segs)));
      }
      List<FileState> states = new ArrayList<>();
      for (Future<FileState> f : chains) {
        states.add(f.get());
      }
      if (threads > 1) {
        ParallelIngest.run(states, ranges, pool, threads, rangeBytes, this::apply);
      }
      List<Future<FileState>> rest = new ArrayList<>();
      for (FileState st : states) {
        rest.add(
            pool.submit(
                () -> {
                  catchUp(st, true);
                  return st;
                }));
      }
      for (Future<FileState> f : rest) {
        FileState st = f.get();
        files.put(st.name, st);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while indexing " + auditDir, e);
    } catch (ExecutionException e) {
      throw ParallelIngest.unwrap(e, "indexing " + auditDir);
    } finally {
      pool.shutdown();
    }
    lastRefreshNanos = System.nanoTime();
    watch.fullLookDone();
  }

  private List<Path> listAuditFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(auditDir, "tool_audit_*.jsonl")) {
      for (Path p : ds) {
        if (AUDIT_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Maps the longest valid chain of segments for one file. */
  private FileState loadChain(Path file, List<Path> segs) throws IOException {
    FileState st = new FileState(file);
    long pos = 0;
    long line = 1;
    for (SegmentCache.Link link : cache.chain(file, segs)) {
      index.add(link.segment(), link.rollup());
      st.chain.add(link.segment());
      pos = link.segment().endOffset();
      line += link.segment().lineCount();
    }
    st.chainEnd = pos;
    st.indexedEnd = pos;
    st.nextLine = line;
    return st;
  }

  /**
   * Indexes the complete lines between {@code indexedEnd} and the end of the file. Runs of at least
   * {@link RangeIndexer#PERSIST_AT} bytes become persisted chain segments; shorter ones stay in
   * memory.
   */
  private void catchUp(FileState st, boolean opening) throws IOException {
    try {
      if (Files.size(st.path) == st.indexedEnd) {
        return; // one stat, no open, for a file nobody wrote to
      }
    } catch (NoSuchFileException e) {
      return;
    }
    filesRead.incrementAndGet();
    try (FileChannel ch = FileChannel.open(st.path, StandardOpenOption.READ)) {
      catchUp(st, ch, opening);
    } catch (NoSuchFileException e) {
      // not created yet: nothing to index
    }
  }

  /**
   * As {@link #catchUp(FileState, boolean)}, reading through {@code ch}. Appenders pass their
   * locked channel: POSIX record locks belong to the process, and closing any other channel on the
   * same file would silently release the lock.
   */
  private void catchUp(FileState st, FileChannel ch, boolean opening) throws IOException {
    long size = ch.size();
    if (size < st.indexedEnd) {
      LOG.warn(
          "audit file {} shrank from {} to {} bytes; restart burnrate to re-index it",
          st.path,
          st.indexedEnd,
          size);
      return;
    }
    if (size == st.indexedEnd) {
      return;
    }
    long pos = st.indexedEnd;
    while (pos < size) {
      int want = (int) Math.min(RangeIndexer.BLOCK, size - pos);
      // Opening, a pool thread reads whole blocks into its own buffer; after that, under the
      // file's monitor, a catch-up of what was appended reads into the file's (FileState#buffer):
      // a server thread that once caught up on another process's burst would otherwise keep a
      // block-sized buffer (16 MB at -Xmx512m) for good.
      byte[] buf = opening ? RangeIndexer.buffer(want) : st.buffer(want);
      int got = RangeIndexer.read(ch, buf, pos, want);
      RangeIndexer.Parsed r =
          ranges.parse(
              st, buf, got, pos, st.nextLine, pos == st.chainEnd, pos == 0 && pos + got == size);
      if (r == null) {
        if (got == RangeIndexer.BLOCK) {
          throw new IOException(
              st.path
                  + " has a line longer than "
                  + RangeIndexer.BLOCK
                  + " bytes at offset "
                  + pos);
        }
        break; // only an incomplete last line: leave it for the next look
      }
      apply(st, r);
      pos = r.end();
    }
    if (st.laggingSince != 0 && st.indexedEnd >= st.laggingEnd) {
      st.caughtUp();
      lagging.remove(st);
    }
    if (!opening && st.tails.size() > MAX_TAILS) {
      compactTails(st, ch);
    }
  }

  /**
   * Adds a parsed range, the next after {@code st.indexedEnd}, to the index and the file's state.
   */
  void apply(FileState st, RangeIndexer.Parsed r) {
    index.add(r.segment(), r.rollup());
    if (r.chained()) {
      st.chain.add(r.segment());
      st.chainEnd = r.end();
    } else {
      st.tails.add(r.segment());
    }
    st.nextLine += r.lines();
    st.indexedEnd = r.end();
  }

  /**
   * Merges a file's in-memory tail segments so that few are left; a merge that starts at the
   * chain's end and is large enough is persisted and joins the chain.
   *
   * <p>Which tails merge: from the oldest on, each tail joins the group before it while that group
   * is less than twice its size (groups merge into each other the same way), so the tails left
   * shrink at least by half from one to the next and number a few dozen at most. Each group is
   * parsed once from its bytes. A line is parsed again only when its tail merges into one at least
   * about its size, so an appender that adds a few lines at a time re-parses each line O(log n)
   * times; merging every tail each time re-parsed up to a megabyte for every {@value #MAX_TAILS}
   * appends to a busy day's file.
   */
  private void compactTails(FileState st, FileChannel ch) throws IOException {
    List<List<Segment>> groups = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (Segment t : st.tails) {
      groups.add(new ArrayList<>(List.of(t)));
      sizes.add(bytes(t));
      int n = groups.size();
      while (n >= 2 && sizes.get(n - 2) < 2 * sizes.get(n - 1)) {
        groups.get(n - 2).addAll(groups.remove(n - 1));
        sizes.set(n - 2, sizes.get(n - 2) + sizes.remove(n - 1));
        n--;
      }
    }
    List<Segment> tails = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<Segment> group = groups.get(g);
      Segment merged = group.size() == 1 ? group.get(0) : merge(st, ch, group);
      if (merged == null) {
        tails.addAll(group); // unreadable now: keep them as they are
      } else if (g == 0 && sizes.get(0) >= RangeIndexer.PERSIST_AT) {
        chain(st, merged);
      } else {
        tails.add(merged);
      }
    }
    st.tails.clear();
    st.tails.addAll(tails);
  }

  /** Parses {@code group}'s bytes again as one segment and swaps it in; null when unreadable. */
  private Segment merge(FileState st, FileChannel ch, List<Segment> group) throws IOException {
    long start = group.get(0).startOffset();
    long end = group.get(group.size() - 1).endOffset();
    if (end - start > Integer.MAX_VALUE / 2) {
      return null;
    }
    int len = (int) (end - start);
    // The file's buffer, not a fresh array or one per thread: merges reach a megabyte, which G1
    // allocates outside the young generation, and at thousands of appends a second each such array
    // started a concurrent cycle and two pauses (FileState#buffer).
    byte[] buf = st.buffer(len);
    if (RangeIndexer.read(ch, buf, start, len) < len) {
      return null;
    }
    reparsed.addAndGet(len);
    long firstLine = group.get(0).firstLine();
    // Sized by the lines' bytes, as a first parse is: most merges are of a few lines.
    SegmentBuilder b = new SegmentBuilder(st.name, start, firstLine, len / 220);
    JsonlParser parser = new JsonlParser(b);
    parser.parse(buf, 0, len, firstLine);
    Segment merged = b.build(end, parser.lines());
    Segment mapped = null;
    if (start == st.chainEnd && end - start >= RangeIndexer.PERSIST_AT) {
      // Forced as written: merges persist about as fast as settles append (a megabyte a second at
      // 5,000 a second), and left to the kernel's writeback they stalled every force (see
      // RollupSidecars#writeAtomically).
      mapped = cache.persist(st.name, merged, SegmentCache.crcOf(buf, 0, len), null, true);
    }
    merged = mapped != null ? mapped : merged;
    index.swap(group, merged);
    return merged;
  }

  /** {@code merged}, the tails from the chain's end on, becomes the chain's next link. */
  private static void chain(FileState st, Segment merged) {
    st.chain.add(merged);
    st.chainEnd = merged.endOffset();
  }

  private static long bytes(Segment s) {
    return s.endOffset() - s.startOffset();
  }

  /** Looks at every audit file, so whatever was written before this call is seen. */
  @Override
  public void refresh() throws IOException {
    watch.changedFiles(); // drain: everything is looked at now
    refresh(null, true, false);
  }

  /**
   * The periodic look: only the files the directory watch saw change (all of them when the watch is
   * unavailable, overflowed, or the full listing is due). It runs when the last look is older than
   * {@code maxAgeMillis}, and at once when the watch has seen a change, so a line another process
   * appended is in the next answer without waiting out the age. A change the watch has not
   * delivered yet is seen on the next look. A file this process is appending to is left to the
   * appender, which reads every line up to its own before it lets go: waiting for its write and
   * force put a settle's disk flush into the slowest reserves (0.8 of their 2 to 3 ms). This
   * process's own lagging lines (see {@link #appendSettles}) are indexed by every such look,
   * waiting for their appender if need be: an answer includes every settle this process returned.
   */
  @Override
  public long refreshAgeMillis() {
    return (System.nanoTime() - lastRefreshNanos) / 1_000_000L;
  }

  @Override
  public void refreshIfOlderThan(long maxAgeMillis) throws IOException {
    refreshIfOlderThan(maxAgeMillis, false);
  }

  /**
   * As {@link #refreshIfOlderThan(long)}, except that this process's lagging lines stay out of the
   * index while nothing else was appended after them: the appends after them index them once they
   * are due (see {@link #appendSettles}). Indexed here, a burst of them, and the merge of tail
   * segments it could start, would be in the reserve that happened to look, and in its latency.
   */
  @Override
  public void refreshForGate(long maxAgeMillis) throws IOException {
    refreshIfOlderThan(maxAgeMillis, true);
  }

  private void refreshIfOlderThan(long maxAgeMillis, boolean leaveOwn) throws IOException {
    if (System.nanoTime() - lastRefreshNanos > maxAgeMillis * 1_000_000L || watch.hasChanges()) {
      refresh(watch.changedFiles(), false, leaveOwn);
    } else if (!leaveOwn && !lagging.isEmpty()) {
      catchUp(new ArrayList<>(lagging), false, false);
    }
  }

  /**
   * Catches up {@code changed} (every file when null), and unless {@code leaveOwn} the files with
   * lagging lines; {@code waitForAppenders} false leaves a file this process is appending to to its
   * appender, except to index its lagging lines; {@code leaveOwn} leaves lagging lines with nothing
   * after them as they are.
   */
  private void refresh(java.util.Set<String> changed, boolean waitForAppenders, boolean leaveOwn)
      throws IOException {
    filesRead.set(0);
    if (changed == null) {
      synchronized (files) {
        for (Path p : listAuditFiles()) {
          state(p.getFileName().toString());
        }
      }
    } else {
      for (String name : changed) {
        if (Files.isRegularFile(auditDir.resolve(name))) {
          synchronized (files) {
            state(name);
          }
        }
      }
    }
    List<FileState> states = new ArrayList<>();
    synchronized (files) {
      if (changed == null) {
        states.addAll(files.values());
      } else {
        for (String name : changed) {
          FileState st = files.get(name);
          if (st != null) {
            states.add(st);
          }
        }
      }
    }
    if (!leaveOwn) {
      for (FileState st : lagging) {
        if (!states.contains(st)) {
          states.add(st);
        }
      }
    }
    catchUp(states, waitForAppenders, leaveOwn);
    lastRefreshNanos = System.nanoTime();
  }

  private void catchUp(List<FileState> states, boolean waitForAppenders, boolean leaveOwn)
      throws IOException {
    for (FileState st : states) {
      boolean lags = st.laggingSince != 0;
      if (st.appending && !waitForAppenders && (!lags || leaveOwn)) {
        continue;
      }
      if (lags && leaveOwn && sizeOf(st) == st.laggingEnd) {
        continue; // only this process's own lagging lines, which its appends index
      }
      synchronized (st) {
        catchUp(st, false);
      }
    }
  }

  private static long sizeOf(FileState st) throws IOException {
    try {
      return Files.size(st.path);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  private FileState state(String name) {
    return files.computeIfAbsent(
        name,
        k -> {
          FileState s = new FileState(auditDir.resolve(k));
          s.nextLine = 1;
          return s;
        });
  }

  @Override
  public boolean[] append(List<UsageEvent> events) throws IOException {
    return append(events, false);
  }

  /**
   * As {@link #append}, but the lines may stay out of the index for a while, to be indexed with the
   * settles after them: the spend gate counts a settle from its ledger line until the index holds
   * its event, and at thousands of settles a second, reading each one back as a segment of its own
   * made a third of the gate's garbage. The first settle appended more than {@link
   * #SETTLE_LAG_NANOS} after the oldest lagging line, or past {@link #MAX_LAGGING_LINES} of them,
   * indexes them. Any look but the gate's, any append that is not a settle, and any line of another
   * process after them index them first; the duplicate check sees them meanwhile.
   */
  @Override
  public boolean[] appendSettles(List<UsageEvent> events) throws IOException {
    return append(events, true);
  }

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * The audit file of a UTC day, the last one an append wrote to: named once a day, not for every
   * event (its date formatted and checked against {@link #AUDIT_FILE} for each settle took a
   * twentieth of the spend gate's CPU).
   */
  private record DayFile(long epochDay, String name) {}

  private volatile DayFile lastDayFile = new DayFile(Long.MIN_VALUE, "");

  private boolean[] append(List<UsageEvent> events, boolean lag) throws IOException {
    boolean[] accepted = new boolean[events.size()];
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      long epochDay = Math.floorDiv(events.get(i).tsMicros(), MICROS_PER_DAY);
      DayFile file = lastDayFile;
      if (file.epochDay() != epochDay) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        if (day.getYear() < 0 || day.getYear() > 9999) {
          // Their names would not be AUDIT_FILE's, which the reader opens: counted nowhere.
          throw new IllegalArgumentException(
              "event "
                  + i
                  + " has ts in "
                  + day.getYear()
                  + ", outside the years the log can hold; check the event's ts");
        }
        file = new DayFile(epochDay, "tool_audit_" + day + ".jsonl");
        lastDayFile = file;
      }
      byFile.computeIfAbsent(file.name(), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> f : byFile.entrySet()) {
      FileState st;
      synchronized (files) {
        st = state(f.getKey());
      }
      Append a = new Append(events, f.getValue(), accepted, lag);
      st.appends.add(a);
      synchronized (st) {
        if (!a.done) {
          List<Append> batch = new ArrayList<>();
          for (Object o = st.appends.poll(); o != null; o = st.appends.poll()) {
            batch.add((Append) o);
          }
          st.appending = true;
          try {
            appendToFile(st, batch);
          } catch (IOException e) {
            batch.forEach(b -> b.failure = e);
          } finally {
            st.appending = false;
            batch.forEach(b -> b.done = true);
          }
        }
      }
      if (a.failure != null) {
        throw a.failure; // the batch's failure, shared by every append in it
      }
    }
    return accepted;
  }

  /**
   * One caller's events for one file. Group commit: callers queue theirs, and whichever holds the
   * file's lock next writes every queued append with one write and one force, in queue order, with
   * the duplicate check running across them as if they came one at a time.
   */
  private static final class Append {
    final List<UsageEvent> events;
    final List<Integer> which;
    final boolean[] accepted;
    final boolean lag;
    IOException failure;
    boolean done;

    Append(List<UsageEvent> events, List<Integer> which, boolean[] accepted, boolean lag) {
      this.events = events;
      this.which = which;
      this.accepted = accepted;
      this.lag = lag;
    }
  }

  private void appendToFile(FileState st, List<Append> appends) throws IOException {
    // One channel for everything under the lock (see catchUp): read new lines, write ours.
    try (FileChannel ch =
            FileChannel.open(
                st.path,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      // Under the lock: see every line other processes appended, so the duplicate check is exact.
      // Lines of this process's that lag (see appendSettles), with nothing after them, can wait:
      // the duplicate check sees them through their hashes.
      long now = System.nanoTime();
      boolean lag = appends.stream().allMatch(a -> a.lag);
      if (!(lag && laggingMayGrow(st, ch.size(), now, appends.size()))) {
        catchUp(st, ch, false);
      }
      StringBuilder sb = new StringBuilder();
      Set<Long> batch = new HashSet<>();
      for (Append a : appends) {
        for (int i : a.which) {
          UsageEvent e = a.events.get(i);
          long h = SegmentBuilder.reqHash(e.reqId());
          if (h != 0
              && (batch.contains(h) || st.lags(h) || index.containsRequest(h, e.tsMicros()))) {
            continue;
          }
          if (h != 0) {
            batch.add(h);
          }
          sb.append(EventLines.line(e));
          a.accepted[i] = true;
        }
      }
      if (sb.length() > 0) {
        long size = ch.size();
        // A file whose last line was torn by a crash must not glue our first line onto it. Indexed
        // up to its end, or up to this process's lagging lines, it ends with a newline.
        boolean whole = size == st.indexedEnd || (st.laggingSince != 0 && size == st.laggingEnd);
        if (size > 0 && !whole && lastByte(ch, size) != '\n') {
          sb.insert(0, '\n');
        }
        ByteBuffer data = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        long at = size;
        while (data.hasRemaining()) {
          at += ch.write(data, at);
        }
        ch.force(false);
        if (lag && laggingMayGrow(st, size, now, batch.size())) {
          long[] reqs = batch.stream().mapToLong(Long::longValue).toArray();
          st.lag(at, reqs, now);
          lagging.add(st);
          return;
        }
      }
      catchUp(st, ch, false);
    }
  }

  /**
   * Whether lines written at {@code size} can join the file's lagging lines (or start them) and
   * stay out of the index: nothing but this process's lagging lines lies past the indexed part, the
   * oldest of them is younger than {@link #SETTLE_LAG_NANOS}, and {@code more} lines keep them
   * within {@link #MAX_LAGGING_LINES}.
   */
  private boolean laggingMayGrow(FileState st, long size, long now, int more) {
    if (st.laggingSince == 0) {
      return size == st.indexedEnd;
    }
    return size == st.laggingEnd
        && now - st.laggingSince < settleLagNanos
        && st.laggingLines + more <= MAX_LAGGING_LINES;
  }

  private static byte lastByte(FileChannel ch, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, size - 1);
    return one.get(0);
  }

  @Override
  public void close() {
    // Mapped segments are released by the garbage collector; nothing to flush.
    watch.close();
  }

  /** Bytes parsed a second time to merge tail segments, since the log was opened. */
  long bytesReparsed() {
    return reparsed.get();
  }

  /** How many audit files the last look opened (the others cost one stat or nothing). */
  int filesReadLastLook() {
    return filesRead.get();
  }

  /** Every malformed line indexed so far, by file and line. */
  List<Segment.Malformed> malformed() {
    List<Segment.Malformed> out = new ArrayList<>();
    synchronized (files) {
      for (FileState st : files.values()) {
        synchronized (st) {
          st.chain.forEach(s -> out.addAll(s.malformed()));
          st.tails.forEach(s -> out.addAll(s.malformed()));
        }
      }
    }
    out.sort(
        java.util.Comparator.comparing(Segment.Malformed::file)
            .thenComparingLong(Segment.Malformed::line));
    return out;
  }

  /** Statistics for the operator and the benchmark. */
  public Map<String, Object> stats() {
    Map<String, Object> m = new LinkedHashMap<>();
    synchronized (files) {
      long chained = 0;
      long tails = 0;
      long bytes = 0;
      for (FileState st : files.values()) {
        chained += st.chain.size();
        tails += st.tails.size();
        bytes += st.indexedEnd;
      }
      m.put("audit_dir", auditDir.toString());
      m.put("files", files.size());
      m.put("bytes_indexed", bytes);
      m.put("persisted_segments", chained);
      m.put("memory_segments", tails);
    }
    m.put("events", index.eventCount());
    m.put("days_folded", index.foldedDays());
    return m;
  }
}
