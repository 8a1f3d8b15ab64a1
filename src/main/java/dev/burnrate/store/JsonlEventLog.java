package dev.burnrate.store;

import dev.burnrate.usage.UsageEvent;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: an audit directory of {@code tool_audit_YYYY-MM-DD.jsonl} files (one
 * per UTC day), exactly the layout existing audit writers produce, plus a derived index directory
 * of column segments so that a restart maps a month of history instead of re-parsing it.
 *
 * <p>Design: each audit file is covered by a chain of immutable segment files, each for a byte
 * range {@code [start, end)} ending on a line boundary; their names carry the range and the CRC32C
 * of every byte in it. At open a segment is trusted without reading the log when it is newer than
 * its audit file (nothing changed since it was written); otherwise its range is read and checked
 * against the CRC, so a line edited in place, a replaced or a rewritten audit file is noticed and
 * re-indexed, and a verified segment is touched so the next start trusts it again. New files and
 * appends are seen through a directory watch, so a look at the log costs nothing for files that
 * did not change (a full listing still runs every {@link #FULL_SCAN_MS} ms, and whenever the
 * watch is unavailable or overflows). Bytes past the chain are parsed at open and on every refresh; a large enough run of
 * them is persisted as a new segment. Several processes may share the directories: appends take
 * an exclusive file lock and write whole lines with one call, readers only consume complete
 * lines, and segment files are written to a temporary name and renamed into place.
 */
public final class JsonlEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlEventLog.class);
  static final Pattern AUDIT_FILE = Pattern.compile("tool_audit_(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
  /** Segment files: the audit file, the byte range and the CRC32C of every byte in it. */
  private static final Pattern SEGMENT_FILE =
      Pattern.compile("(tool_audit_\\d{4}-\\d{2}-\\d{2}\\.jsonl)@(\\d+)-(\\d+)-c([0-9a-f]{8})\\.seg");
  /** Parse at most this many bytes at once, so memory stays bounded for any file size. */
  private static final int BLOCK = 64 << 20;
  private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();
  /** A run of unindexed bytes this large is persisted as a segment rather than re-parsed. */
  private static final long PERSIST_AT = 1 << 20;
  private static final int MAX_TAILS = 32;
  static final long FULL_SCAN_MS = 30_000;

  private final Path auditDir;
  private final Path segmentDir;
  private final EventIndex index;
  private final Map<String, FileState> files = new TreeMap<>();
  private volatile long lastRefreshNanos;
  private final java.nio.file.WatchService watcher;
  private long lastFullScanNanos;
  private final java.util.concurrent.atomic.AtomicInteger filesRead = new java.util.concurrent.atomic.AtomicInteger();

  private JsonlEventLog(Path auditDir, Path segmentDir, EventIndex index) {
    this.auditDir = auditDir;
    this.segmentDir = segmentDir;
    this.index = index;
    this.watcher = watch(auditDir);
  }

  /** A watch on the audit directory, or null where the platform offers none (then: listings). */
  private static java.nio.file.WatchService watch(Path dir) {
    try {
      java.nio.file.WatchService w = dir.getFileSystem().newWatchService();
      dir.register(w, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      return w;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("no directory watch on {} ({}); new lines are found by listing it", dir, e.toString());
      return null;
    }
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
    Map<String, List<Path>> segmentsByFile = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(segmentDir, "*.seg")) {
      for (Path p : ds) {
        Matcher m = SEGMENT_FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          segmentsByFile.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        }
      }
    }
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
    lastFullScanNanos = lastRefreshNanos;
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
    Map<Long, List<SegRef>> byStart = new HashMap<>();
    for (Path p : segs) {
      Matcher m = SEGMENT_FILE.matcher(p.getFileName().toString());
      if (m.matches()) {
        SegRef r = new SegRef(p, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4));
        byStart.computeIfAbsent(r.start, k -> new ArrayList<>()).add(r);
      }
    }
    long size = Files.size(file);
    java.nio.file.attribute.FileTime logTime = Files.getLastModifiedTime(file);
    long pos = 0;
    long line = 1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        List<SegRef> candidates = new ArrayList<>(byStart.getOrDefault(pos, List.of()));
        candidates.sort((a, b) -> Long.compare(b.end, a.end));
        Segment chosen = null;
        Path chosenPath = null;
        for (SegRef r : candidates) {
          if (r.end > size || !unchanged(ch, r, logTime)) {
            continue;
          }
          Segment s = map(r.path);
          if (s != null && s.startOffset() == pos && s.endOffset() == r.end && s.firstLine() == line) {
            chosen = s;
            chosenPath = r.path;
            break;
          }
        }
        if (chosen == null) {
          break;
        }
        index.add(chosen, rollupOf(chosenPath, chosen));
        st.chain.add(chosen);
        pos = chosen.endOffset();
        line += chosen.lineCount();
      }
    }
    st.chainEnd = pos;
    st.indexedEnd = pos;
    st.nextLine = line;
    catchUp(st, true);
    return st;
  }

  private Segment map(Path p) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return Segment.read(buf);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable index segment {}: {}; it will be rebuilt from the log", p, e.toString());
      return null;
    }
  }

  /**
   * Whether the bytes a segment covers are still what it was built from: trusted without a read
   * when the segment is newer than the log file, else read and checked against its CRC32C (and
   * touched when they match, so the next start trusts it again).
   */
  private static boolean unchanged(FileChannel ch, SegRef r, java.nio.file.attribute.FileTime logTime)
      throws IOException {
    java.nio.file.attribute.FileTime segTime;
    try {
      segTime = Files.getLastModifiedTime(r.path);
    } catch (IOException e) {
      return false;
    }
    if (segTime.compareTo(logTime) > 0) {
      return true;
    }
    if (!crcOf(ch, r.start, r.end).equals(r.crc)) {
      LOG.warn("{} changed inside bytes {}-{} since they were indexed; re-indexing them",
          r.path.getFileName(), r.start, r.end);
      return false;
    }
    try {
      Files.setLastModifiedTime(r.path, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    } catch (IOException e) {
      // read-only index: it is checked again next start, which is only slower
    }
    return true;
  }

  /** CRC32C of {@code [start, end)} of a file, read in blocks. */
  private static String crcOf(FileChannel ch, long start, long end) throws IOException {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    ByteBuffer b = ByteBuffer.allocate(1 << 20);
    long at = start;
    while (at < end) {
      b.clear();
      b.limit((int) Math.min(b.capacity(), end - at));
      int n = ch.read(b, at);
      if (n < 0) {
        break;
      }
      b.flip();
      crc.update(b);
      at += n;
    }
    return crcHex(crc);
  }

  private static String crcOf(byte[] buf, int from, int to) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(buf, from, to - from);
    return crcHex(crc);
  }

  private static String crcHex(java.util.zip.CRC32C crc) {
    return String.format("%08x", crc.getValue());
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
          Path path = persist(st, seg, crcOf(buf, 0, consumed));
          Segment mapped = path == null ? null : map(path);
          if (mapped != null) {
            seg = mapped;
            saveRollup(path, rollup);
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
        Path path = persist(st, merged, crcOf(buf, 0, buf.length));
        Segment mapped = path == null ? null : map(path);
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

  /**
   * The segment's rollup under the current fingerprint: read from its sidecar file when present,
   * else computed from the columns and written beside the segment for the next start.
   */
  private Rollup rollupOf(Path segmentPath, Segment seg) {
    Path sidecar = segmentPath.resolveSibling(segmentPath.getFileName() + "." + index.fingerprint() + ".rollup");
    if (Files.exists(sidecar)) {
      try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.READ)) {
        return Rollup.read(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("ignoring unreadable rollup {}: {}; recomputing it", sidecar, e.toString());
      }
    }
    Rollup r = index.rollUp(seg);
    saveRollup(segmentPath, r);
    return r;
  }

  private void saveRollup(Path segmentPath, Rollup r) {
    Path sidecar = segmentPath.resolveSibling(segmentPath.getFileName() + "." + index.fingerprint() + ".rollup");
    try {
      writeAtomically(sidecar, r.serialized());
    } catch (IOException e) {
      LOG.warn("could not save rollup {} (it will be recomputed next start): {}", sidecar, e.toString());
    }
  }

  private void writeAtomically(Path target, ByteBuffer data) throws IOException {
    Path tmp = Files.createTempFile(segmentDir, target.getFileName().toString(), ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      while (data.hasRemaining()) {
        out.write(data);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes a segment file for a byte range of an audit file; null when it could not be saved. */
  private Path persist(FileState st, Segment seg, String crc) {
    try {
      String name = st.name + "@" + seg.startOffset() + "-" + seg.endOffset() + "-c" + crc + ".seg";
      Path target = segmentDir.resolve(name);
      writeAtomically(target, seg.serialized());
      return target;
    } catch (IOException e) {
      LOG.warn("could not persist index segment for {} (the log itself is intact): {}", st.path, e.toString());
      return null;
    }
  }

  /** Looks at every audit file, so whatever was written before this call is seen. */
  @Override
  public void refresh() throws IOException {
    changedFiles(); // drain: everything is looked at now
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
      refresh(changedFiles());
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

  /**
   * The audit files the watch saw created or written since the last look; null when every file
   * must be looked at (no watch, an overflowed watch, or the periodic full listing is due).
   */
  private java.util.Set<String> changedFiles() {
    long now = System.nanoTime();
    boolean fullDue = now - lastFullScanNanos > FULL_SCAN_MS * 1_000_000L;
    java.util.Set<String> names = new java.util.TreeSet<>();
    boolean overflow = watcher == null;
    if (watcher != null) {
      java.nio.file.WatchKey key;
      while ((key = watcher.poll()) != null) {
        for (java.nio.file.WatchEvent<?> ev : key.pollEvents()) {
          if (ev.kind() == java.nio.file.StandardWatchEventKinds.OVERFLOW) {
            overflow = true;
          } else if (ev.context() instanceof Path p
              && AUDIT_FILE.matcher(p.getFileName().toString()).matches()) {
            names.add(p.getFileName().toString());
          }
        }
        if (!key.reset()) {
          overflow = true;
        }
      }
    }
    if (overflow || fullDue) {
      lastFullScanNanos = now;
      return null;
    }
    return names;
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
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.debug("closing the directory watch: {}", e.toString());
      }
    }
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

  private static final class FileState {
    final Path path;
    final String name;
    final List<Segment> chain = new ArrayList<>();
    final List<Segment> tails = new ArrayList<>();
    long chainEnd;
    long indexedEnd;
    long nextLine = 1;

    FileState(Path path) {
      this.path = path;
      this.name = path.getFileName().toString();
    }
  }

  private record SegRef(Path path, long start, long end, String crc) {}
}
