package dev.burnrate.store;

import dev.burnrate.cost.UsageEvent;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: an audit directory of {@code tool_audit_YYYY-MM-DD.jsonl} files (one
 * per UTC day), exactly the layout existing audit writers produce, plus a derived index directory
 * of column segments so that a restart maps a month of history instead of re-parsing it.
 *
 * <p>Design: each audit file is covered by a chain of immutable segment files kept by the {@link
 * SegmentCache} (which also checks them against the log), then by in-memory tail segments for the
 * bytes past the chain. New files and appends are seen through a directory watch, so a look at the
 * log costs nothing for files that did not change (see {@link AuditWatch}). Bytes past the chain
 * are parsed at open and on every refresh; a large enough run of them is persisted as a new
 * segment.
 * Several processes may share the directories: appends take an exclusive file lock and write
 * whole lines with one call, readers only consume complete lines, and segment files are written to
 * a temporary name and renamed into place.
 */
public final class JsonlEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlEventLog.class);
  static final Pattern AUDIT_FILE = Pattern.compile("tool_audit_(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
  /** Parse at most this many bytes at once, so memory stays bounded for any file size. */
  private static final int BLOCK = 64 << 20;
  private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();
  /** A run of unindexed bytes this large is persisted as a segment rather than re-parsed. */
  private static final long PERSIST_AT = 1 << 20;
  private static final int MAX_TAILS = 32;

  private final Path auditDir;
  private final SegmentCache cache;
  private final EventIndex index;
  private final Map<String, FileState> files = new TreeMap<>();
  private volatile long lastRefreshNanos;
  private final AuditWatch watch;
  private final java.util.concurrent.atomic.AtomicInteger filesRead = new java.util.concurrent.atomic.AtomicInteger();

  private JsonlEventLog(Path auditDir, Path segmentDir, EventIndex index) {
    this.auditDir = auditDir;
    this.cache = new SegmentCache(segmentDir, index);
    this.index = index;
    this.watch = new AuditWatch(auditDir);
  }

  /**
   * Opens (and indexes, on first use) an audit directory.
   *
   * @param indexDir where derived segments are kept, e.g. {@code <data>/index}
   */
  public static JsonlEventLog open(Path auditDir, Path indexDir, EventIndex index) throws IOException {
    Files.createDirectories(auditDir);
    Files.createDirectories(indexDir);
    JsonlEventLog log = new JsonlEventLog(auditDir, indexDir, index);
    log.loadAll();
    return log;
  }

  @Override
  public EventIndex index() {
    return index;
  }

  public Path auditDir() {
    return auditDir;
  }

  private void loadAll() throws IOException {
    Map<String, List<Path>> segmentsByFile = cache.segmentsByFile();
    List<Path> audit = listAuditFiles();
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), audit.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "burnrate-index");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<FileState>> futures = new ArrayList<>();
      for (Path p : audit) {
        String name = p.getFileName().toString();
        List<Path> segs = segmentsByFile.getOrDefault(name, List.of());
        futures.add(pool.submit(() -> loadFile(p, segs)));
      }
      for (Future<FileState> f : futures) {
        FileState st = f.get();
        files.put(st.name, st);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while indexing " + auditDir, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("indexing " + auditDir + " failed: " + c, c);
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

  /** Maps the longest valid chain of segments for one file, then indexes what lies past it. */
  private FileState loadFile(Path file, List<Path> segs) throws IOException {
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
    catchUp(st, true);
    return st;
  }

  /**
   * Indexes the complete lines between {@code indexedEnd} and the end of the file. Runs of at least
   * {@link #PERSIST_AT} bytes become persisted chain segments; shorter ones stay in memory.
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
   * locked channel: POSIX record locks belong to the process, and closing any other channel on
   * the same file would silently release the lock.
   */
  private void catchUp(FileState st, FileChannel ch, boolean opening) throws IOException {
    long size = ch.size();
    if (size < st.indexedEnd) {
      LOG.warn("audit file {} shrank from {} to {} bytes; restart burnrate to re-index it",
          st.path, st.indexedEnd, size);
      return;
    }
    if (size == st.indexedEnd) {
      return;
    }
    {
      long pos = st.indexedEnd;
      while (pos < size) {
        int want = (int) Math.min(BLOCK, size - pos);
        byte[] buf = READ_BUFFER.get();
        if (buf == null || buf.length < want) {
          buf = new byte[Math.max(want, 1 << 20)];
          if (want >= PERSIST_AT) {
            READ_BUFFER.set(buf);
          }
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
        while (bb.hasRemaining()) {
          int n = ch.read(bb, pos + bb.position());
          if (n < 0) {
            break;
          }
        }
        int got = bb.position();
        SegmentBuilder b = new SegmentBuilder(st.name, pos, st.nextLine, got / 220);
        JsonlParser parser = new JsonlParser(b);
        int consumed = parser.parse(buf, 0, got, st.nextLine);
        if (consumed == 0) {
          if (got == BLOCK) {
            throw new IOException(st.path + " has a line longer than " + BLOCK + " bytes at offset " + pos);
          }
          break; // only an incomplete last line: leave it for the next look
        }
        long end = pos + consumed;
        Segment seg = b.build(end, parser.lines());
        if (!seg.malformed().isEmpty()) {
          Segment.Malformed first = seg.malformed().get(0);
          LOG.warn("{}: skipped {} malformed line(s); first at line {}: {}", st.path,
              seg.malformed().size(), first.line(), first.reason());
        }
        long lines = parser.lines();
        boolean persist = consumed >= PERSIST_AT && pos == st.chainEnd;
        // Roll up while the freshly built columns are still in cache, then swap in the mapped copy.
        Rollup rollup = index.rollUp(seg);
        if (persist) {
          Segment mapped = cache.persist(st.name, seg, SegmentCache.crcOf(buf, 0, consumed), rollup);
          if (mapped != null) {
            seg = mapped;
          }
        }
        index.add(seg, rollup);
        if (persist) {
          st.chain.add(seg);
          st.chainEnd = end;
        } else {
          st.tails.add(seg);
        }
        st.nextLine += lines;
        st.indexedEnd = end;
        pos = end;
      }
    }
    if (!opening && st.tails.size() > MAX_TAILS) {
      compactTails(st, ch);
    }
  }

  /** Merges a file's in-memory tail segments into one, persisted when large enough. */
  private void compactTails(FileState st, FileChannel ch) throws IOException {
    long start = st.chainEnd;
    long end = st.indexedEnd;
    if (end - start > Integer.MAX_VALUE / 2) {
      return;
    }
    long firstLine = st.tails.get(0).firstLine();
    byte[] buf = new byte[(int) (end - start)];
    {
      ByteBuffer bb = ByteBuffer.wrap(buf);
      while (bb.hasRemaining()) {
        if (ch.read(bb, start + bb.position()) < 0) {
          return;
        }
      }
      SegmentBuilder b = new SegmentBuilder(st.name, start, firstLine);
      JsonlParser parser = new JsonlParser(b);
      parser.parse(buf, 0, buf.length, firstLine);
      Segment merged = b.build(end, parser.lines());
      if (end - start >= PERSIST_AT) {
        Segment mapped = cache.persist(st.name, merged, SegmentCache.crcOf(buf, 0, buf.length), null);
        if (mapped != null) {
          merged = mapped;
        }
        index.swap(st.tails, merged);
        st.chain.add(merged);
        st.chainEnd = end;
        st.tails.clear();
      } else {
        index.swap(st.tails, merged);
        st.tails.clear();
        st.tails.add(merged);
      }
    }
  }

  /** Looks at every audit file, so whatever was written before this call is seen. */
  @Override
  public void refresh() throws IOException {
    watch.changedFiles(); // drain: everything is looked at now
    refresh(null);
  }

  /**
   * The periodic look: only the files the directory watch saw change (all of them when the watch
   * is unavailable, overflowed, or the full listing is due). A change the watch has not delivered
   * yet is seen on the next look.
   */
  @Override
  public void refreshIfOlderThan(long maxAgeMillis) throws IOException {
    if (System.nanoTime() - lastRefreshNanos > maxAgeMillis * 1_000_000L) {
      refresh(watch.changedFiles());
    }
  }

  private void refresh(java.util.Set<String> changed) throws IOException {
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
    for (FileState st : states) {
      synchronized (st) {
        catchUp(st, false);
      }
    }
    lastRefreshNanos = System.nanoTime();
  }

  private FileState state(String name) {
    return files.computeIfAbsent(name, k -> {
      FileState s = new FileState(auditDir.resolve(k));
      s.nextLine = 1;
      return s;
    });
  }

  @Override
  public boolean[] append(List<UsageEvent> events) throws IOException {
    boolean[] accepted = new boolean[events.size()];
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      LocalDate day = LocalDate.ofInstant(
          java.time.Instant.ofEpochSecond(Math.floorDiv(events.get(i).tsMicros(), 1_000_000L)), ZoneOffset.UTC);
      String name = "tool_audit_" + day + ".jsonl";
      if (!AUDIT_FILE.matcher(name).matches()) {
        // Years outside 0000-9999 would go to files the reader never opens: counted nowhere.
        throw new IllegalArgumentException("event " + i + " has ts in " + day.getYear()
            + ", outside the years the log can hold; check the event's ts");
      }
      byFile.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> f : byFile.entrySet()) {
      FileState st;
      synchronized (files) {
        st = state(f.getKey());
      }
      synchronized (st) {
        appendToFile(st, events, f.getValue(), accepted);
      }
    }
    return accepted;
  }

  private void appendToFile(FileState st, List<UsageEvent> events, List<Integer> which, boolean[] accepted)
      throws IOException {
    // One channel for everything under the lock (see catchUp): read new lines, write ours.
    try (FileChannel ch = FileChannel.open(st.path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      // Under the lock: see every line other processes appended, so the duplicate check is exact.
      catchUp(st, ch, false);
      StringBuilder sb = new StringBuilder();
      Set<Long> batch = new HashSet<>();
      for (int i : which) {
        UsageEvent e = events.get(i);
        long h = SegmentBuilder.reqHash(e.reqId());
        if (h != 0 && (batch.contains(h) || index.containsRequest(h, e.tsMicros()))) {
          continue;
        }
        if (h != 0) {
          batch.add(h);
        }
        sb.append(EventLines.line(e));
        accepted[i] = true;
      }
      if (sb.length() > 0) {
        long size = ch.size();
        // A file whose last line was torn by a crash must not glue our first line onto it.
        if (size > 0 && lastByte(ch, size) != '\n') {
          sb.insert(0, '\n');
        }
        ByteBuffer data = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        long at = size;
        while (data.hasRemaining()) {
          at += ch.write(data, at);
        }
        ch.force(false);
      }
      catchUp(st, ch, false);
    }
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

  /** How many audit files the last look opened (the others cost one stat or nothing). */
  int filesReadLastLook() {
    return filesRead.get();
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
    return m;
  }
}
