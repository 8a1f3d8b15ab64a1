package dev.burnrate.reserve;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The book's closed reservations (settled or released), kept for retries, in a few arrays shared by
 * all of them: their strings one after another in one byte array, their numbers in long arrays,
 * found by id and by req_id through open-addressing tables of slot numbers.
 *
 * <p>Why not a map of records: the book keeps up to {@link Book#MAX_CLOSED} of them, 20 seconds'
 * worth at 5,000 pairs a second. As a record, its strings and instants and three map entries, each
 * was about a dozen objects and 450 bytes that every young collection in those 20 seconds copied
 * again: at that rate most of what the collector copied, and pauses of 10 to 15 ms in which every
 * reserve waited. The same benchmark with the book keeping a thousand closed reservations had
 * pauses of 3 to 4 ms.
 *
 * <p>Slots form a ring in the order reservations closed. A reservation that closes again (a settle
 * after a release) or is forgotten leaves its slot dead until the ring is rebuilt, which happens
 * when it is full, or the strings' array is and the live strings take more than half of it: the
 * live slots are copied in order into a ring, and their strings into an array, with room for as
 * many again. When the strings' array is full and they take less, only they are copied, into
 * another array as large ({@link #compactArena}). An object per reservation, even one byte array of
 * its strings, was copied by each young collection until it was old enough to stay put: young
 * pauses of 3.5 to 5 ms, where the shared array gives 1 to 2 ms.
 *
 * <p>The pages and the strings' array are direct memory, which the collector never copies, and are
 * reused rather than dropped ({@link ReusedMemory}): as arrays, each rebuild's (eleven megabytes of
 * pages at a hundred thousand reservations) and each page a snapshot made it copy were young
 * objects that every young collection copied again for seconds, and the strings' array, past half a
 * region, started a concurrent cycle, whose remark paused every reserve for 3 to 12 ms. Hashes of
 * ids and req_ids are seeded per process, so a caller cannot choose req_ids that all land in one
 * place of the tables. Not thread-safe: the book's.
 *
 * <p>(It is over the usual length because the ring, its two tables, the pages, the strings' array
 * and the snapshots that read them share one numbering of slots and one rebuild: apart, each piece
 * would reach into the others' arrays. Where their memory comes from and goes back to is {@link
 * ReusedMemory}.)
 */
final class ClosedReservations {
  private static final int STRIDE = 11;
  private static final int SEQ = 0;
  private static final int ESTIMATE = 1;
  private static final int ACTUAL = 2;
  private static final int CREATED = 3;
  private static final int EXPIRES = 4;
  private static final int CLOSED = 5;
  private static final int NANOS = 6; // created nano << 32 | expires nano
  private static final int ID_HASH = 7;
  private static final int REQ_HASH = 8;
  private static final int TEXT = 9; // where the slot's strings start in the arena
  private static final int MISC = 10; // closing nano << 8 | flags | state

  /** In the slot's {@link #MISC}: its req_id names it (it is in {@link #reqs}). */
  private static final long NAMED = 1 << 4;

  /** In the slot's {@link #MISC}: it holds a reservation (it is neither free nor dead). */
  private static final long LIVE = 1 << 5;

  private static final long SEED = new java.security.SecureRandom().nextLong();
  private static final Reservation.State[] STATES = Reservation.State.values();

  /**
   * Every slot's strings (see {@link #encode}), one after the other, in direct memory. Only ever
   * appended to; a rebuild starts another, so bytes once written never change while a {@link
   * Snapshot} may read them.
   */
  private ByteBuffer arena = ByteBuffer.allocateDirect(1024);

  private int arenaUsed;

  /** Bytes of the live slots' strings. */
  private long liveBytes;

  /**
   * Per slot {@link #STRIDE} numbers, in pages of {@link #PAGE} slots in direct memory. A {@link
   * Snapshot} keeps the pages as they were: a page it shares is copied before it is written ({@link
   * #owned}), until it is released.
   */
  private LongBuffer[] pages;

  /** Per page, whether no snapshot shares it (else it is copied before it is written). */
  private boolean[] owned;

  static final int PAGE_BITS = 12;
  static final int PAGE = 1 << PAGE_BITS;
  private static final int IN_PAGE = PAGE - 1;
  private int mask;
  private int tail;
  private int used;
  private int live;

  /** Id to slot + 1, and req_id to slot + 1 (of the latest reserve line), 0 where empty. */
  private int[] ids;

  private int[] reqs;
  private int indexMask;

  /** Where pages and arenas come from and go back to. */
  private final ReusedMemory memory = new ReusedMemory(PAGE * STRIDE, Book.MAX_CLOSED_TEXT / 2);

  /** Pages copied because a snapshot shared them (tests). */
  long copies;

  /** Rebuilds of the ring and its tables, and copies of the strings alone (tests). */
  long rebuilds;

  long arenaCompactions;

  ClosedReservations() {
    allocate(16);
  }

  private void allocate(int capacity) {
    int n = Math.max(1, capacity >> PAGE_BITS);
    int slots = Math.min(capacity, PAGE);
    pages = new LongBuffer[n];
    for (int p = 0; p < n; p++) {
      pages[p] = memory.page(slots * STRIDE);
    }
    memory.keepFree(n + 8);
    owned = new boolean[n];
    Arrays.fill(owned, true);
    mask = capacity - 1;
    tail = 0;
    used = 0;
    live = 0;
    if (ids != null && ids.length == capacity * 2) {
      Arrays.fill(ids, 0);
      Arrays.fill(reqs, 0);
    } else {
      ids = new int[capacity * 2];
      reqs = new int[capacity * 2];
    }
    indexMask = capacity * 2 - 1;
  }

  /** Pages and arenas allocated so far (tests). */
  long allocations() {
    return memory.allocations;
  }

  /** Closed reservations held. */
  int size() {
    return live;
  }

  /**
   * Holds {@code r}, which has just closed and was the book's {@code seq}th reserve line; {@code
   * named} when its req_id names it (its reserve line is the latest with that req_id, see {@link
   * Book#byReqId}).
   */
  void add(Reservation r, long seq, boolean named) {
    byte[] id = utf8(r.id());
    byte[] req = utf8(r.reqId());
    byte[] t = encode(id, req, utf8(r.agent()), r.run() == null ? null : utf8(r.run()));
    if (used == mask + 1) {
      rebuild(t.length);
    } else if (t.length > arena.capacity() - arenaUsed) {
      if (liveBytes + t.length <= arena.capacity() / 2) {
        compactArena();
      } else {
        rebuild(t.length);
      }
    }
    int slot = (tail + used) & mask;
    used++;
    writable(slot);
    LongBuffer n = pages[slot >>> PAGE_BITS];
    int b = (slot & IN_PAGE) * STRIDE;
    arena.put(arenaUsed, t);
    n.put(b + TEXT, arenaUsed);
    arenaUsed += t.length;
    liveBytes += t.length;
    n.put(b + SEQ, seq);
    n.put(b + ESTIMATE, r.estimateNanos());
    n.put(b + ACTUAL, r.actualNanos());
    n.put(b + CREATED, r.createdAt().getEpochSecond());
    n.put(b + EXPIRES, r.expiresAt().getEpochSecond());
    n.put(b + CLOSED, r.closedAt().getEpochSecond());
    n.put(b + NANOS, ((long) r.createdAt().getNano() << 32) | r.expiresAt().getNano());
    long idHash = hash(id);
    long reqHash = hash(req);
    n.put(b + ID_HASH, idHash);
    n.put(b + REQ_HASH, reqHash);
    long m = ((long) r.closedAt().getNano() << 8) | LIVE | r.state().ordinal();
    live++;
    insert(ids, idHash, slot);
    if (named) {
      unname(req, reqHash);
      insert(reqs, reqHash, slot);
      m |= NAMED;
    }
    n.put(b + MISC, m);
  }

  /** Makes {@code slot}'s page this store's own, copying it if a snapshot shares it. */
  private void writable(int slot) {
    int p = slot >>> PAGE_BITS;
    if (!owned[p]) {
      LongBuffer shared = pages[p];
      LongBuffer copy = memory.page(shared.capacity());
      copies++;
      copy.put(0, shared, 0, shared.capacity());
      pages[p] = copy;
      owned[p] = true;
      memory.retire(shared);
    }
  }

  private long num(int s, int field) {
    return num(pages, s, field);
  }

  private static long num(LongBuffer[] pages, int s, int field) {
    return pages[s >>> PAGE_BITS].get((s & IN_PAGE) * STRIDE + field);
  }

  private long misc(int s) {
    return num(pages, s, MISC);
  }

  private static long misc(LongBuffer[] pages, int s) {
    return num(pages, s, MISC);
  }

  private void setMisc(int s, long v) {
    writable(s);
    pages[s >>> PAGE_BITS].put((s & IN_PAGE) * STRIDE + MISC, v);
  }

  /** A later reserve line has this req_id: it no longer names a closed reservation. */
  void unname(String reqId) {
    byte[] req = utf8(reqId);
    unname(req, hash(req));
  }

  private void unname(byte[] req, long h) {
    int pos = find(reqs, h, 1, req);
    if (pos >= 0) {
      int s = reqs[pos] - 1;
      setMisc(s, misc(s) & ~NAMED);
      delete(reqs, pos, REQ_HASH);
    }
  }

  /**
   * {@code r}, held, closed again (a settle after a release): held as closing now, with its
   * reserve-line number and naming as they were.
   */
  void reclose(Reservation r) {
    byte[] id = utf8(r.id());
    int pos = find(ids, hash(id), 0, id);
    if (pos < 0) {
      throw new IllegalStateException("reservation " + r.id() + " is not held");
    }
    int s = ids[pos] - 1;
    long seq = num(s, SEQ);
    boolean named = (misc(s) & NAMED) != 0;
    kill(s);
    trim();
    add(r, seq, named);
  }

  /**
   * The live slots copied, in order, into a ring with room for as many again, and their strings
   * into an arena with room for as many again and {@code more} bytes. What they were in goes back
   * for reuse (or to the snapshots that may read it, until they are released).
   */
  private void rebuild(int more) {
    rebuilds++;
    ByteBuffer oldArena = arena;
    LongBuffer[] oldPages = pages;
    int oldMask = mask;
    int oldTail = tail;
    int oldUsed = used;
    long want = Math.max(1024, 2 * (liveBytes + more));
    if (want > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("closed reservations' strings past 2 GB");
    }
    // A power of two, so that the arena this one replaces fits the next rebuild of about the size
    // (as far as the book lets strings grow: past that, no more than they need).
    if (want <= 2 * Book.MAX_CLOSED_TEXT) {
      want = Long.highestOneBit(want - 1) << 1;
    }
    arena = memory.arena(want);
    arenaUsed = 0;
    allocate(Integer.highestOneBit(Math.max(8, live)) << 2);
    for (int k = 0; k < oldUsed; k++) {
      int s = (oldTail + k) & oldMask;
      if ((misc(oldPages, s) & LIVE) != 0) {
        // Moved as they are, not decoded and encoded again: a rebuild holds up the ledger.
        int slot = used++;
        LongBuffer n = pages[slot >>> PAGE_BITS];
        int b = (slot & IN_PAGE) * STRIDE;
        n.put(b, oldPages[s >>> PAGE_BITS], (s & IN_PAGE) * STRIDE, STRIDE);
        int from = (int) n.get(b + TEXT);
        int len = oldArena.getInt(from);
        arena.put(arenaUsed, oldArena, from, len);
        n.put(b + TEXT, arenaUsed);
        arenaUsed += len;
        live++;
        insert(ids, n.get(b + ID_HASH), slot);
        if ((n.get(b + MISC) & NAMED) != 0) {
          insert(reqs, n.get(b + REQ_HASH), slot);
        }
      }
    }
    for (LongBuffer p : oldPages) {
      memory.retire(p);
    }
    memory.retire(oldArena);
  }

  /**
   * The live slots' strings copied, in ring order, into another arena as large, each slot pointed
   * at its copy; the slots and both tables stay as they are. The arena fills long before the ring
   * does (the oldest are forgotten from the ring's tail, their strings only at a copy), and a
   * rebuild for it re-inserted every slot into both tables: 30 ms under the ledger's lock, once a
   * minute at 5,000 settles a second, for a hundred thousand reservations. Called only while the
   * live strings take at most half of it, so a copy frees at least as much as it keeps.
   */
  private void compactArena() {
    ByteBuffer oldArena = arena;
    arena = memory.arena(oldArena.capacity());
    arenaUsed = 0;
    for (int k = 0; k < used; k++) {
      int s = (tail + k) & mask;
      if ((misc(s) & LIVE) != 0) {
        int from = text(s);
        int len = oldArena.getInt(from);
        arena.put(arenaUsed, oldArena, from, len);
        writable(s);
        pages[s >>> PAGE_BITS].put((s & IN_PAGE) * STRIDE + TEXT, arenaUsed);
        arenaUsed += len;
      }
    }
    memory.retire(oldArena); // or held for the snapshots that may still read it
    arenaCompactions++;
  }

  /** The closed reservation with this id, or null. */
  Reservation get(String id) {
    byte[] key = utf8(id);
    int pos = find(ids, hash(key), 0, key);
    return pos < 0 ? null : decode(arena, pages, ids[pos] - 1);
  }

  /** The closed reservation this req_id names (see {@link #add}), or null. */
  Reservation byReqId(String reqId) {
    byte[] req = utf8(reqId);
    int pos = find(reqs, hash(req), 1, req);
    return pos < 0 ? null : decode(arena, pages, reqs[pos] - 1);
  }

  /** Bytes of the held reservations' strings (ids and names, UTF-8, with their lengths). */
  long textBytes() {
    return liveBytes;
  }

  /**
   * Forgets the oldest reservations until {@code excess} are gone and the strings of those left
   * take at most {@code maxBytes}, or none is left to look at, passing over those {@code keep} says
   * (by id) to keep; hands each forgotten one to {@code forgotten}.
   */
  void forgetOldest(
      int excess, long maxBytes, Predicate<String> keep, Consumer<Reservation> forgotten) {
    for (int k = 0; k < used && (excess > 0 || liveBytes > maxBytes); k++) {
      int s = (tail + k) & mask;
      if ((misc(s) & LIVE) == 0 || keep.test(field(arena, text(s), 0))) {
        continue;
      }
      Reservation r = decode(arena, pages, s);
      kill(s);
      forgotten.accept(r);
      excess--;
    }
    trim();
  }

  /**
   * Forgets those closed before {@code cutoff} that {@code stale} says to forget, handing each to
   * {@code forgotten}; returns how many. Only those are decoded.
   */
  int forgetIf(Instant cutoff, Predicate<Reservation> stale, Consumer<Reservation> forgotten) {
    int n = 0;
    for (int k = 0; k < used; k++) {
      int s = (tail + k) & mask;
      if ((misc(s) & LIVE) == 0 || !before(s, cutoff)) {
        continue;
      }
      Reservation r = decode(arena, pages, s);
      if (stale.test(r)) {
        kill(s);
        forgotten.accept(r);
        n++;
      }
    }
    trim();
    return n;
  }

  private boolean before(int s, Instant t) {
    long sec = num(s, CLOSED);
    return sec < t.getEpochSecond()
        || (sec == t.getEpochSecond() && (int) (misc(s) >>> 8) < t.getNano());
  }

  /**
   * The held reservations as they are now, for reading later, from any thread, with each one's
   * reserve-line number: it keeps the pages as they are, which this store copies before it next
   * writes them, and the strings' arena, whose bytes never change once written. Until it is
   * {@linkplain #release released}, nothing it may read is reused; once it is, it must not be read.
   */
  Snapshot snapshot() {
    Arrays.fill(owned, false);
    memory.lend();
    return new Snapshot(this);
  }

  /**
   * {@code snap} will not be read again: once no snapshot is out, pages are written in place again
   * and what the snapshots kept from reuse is reused. (Left out, each page was copied when next
   * written, for as long as the process ran.) Releasing a snapshot twice, or another store's, does
   * nothing.
   */
  void release(Snapshot snap) {
    if (snap.owner != this || snap.released) {
      return;
    }
    snap.released = true;
    if (memory.giveBack()) {
      Arrays.fill(owned, true);
    }
  }

  /** See {@link #snapshot}. */
  static final class Snapshot {
    private final ClosedReservations owner;
    private final ByteBuffer arena;
    private final LongBuffer[] pages;
    private final int mask;
    private final int tail;
    private final int used;
    private final int live;
    private boolean released;

    /** {@code c} as it is now: its pages as they are (the array of them copied), its arena. */
    private Snapshot(ClosedReservations c) {
      owner = c;
      arena = c.arena;
      pages = c.pages.clone();
      mask = c.mask;
      tail = c.tail;
      used = c.used;
      live = c.live;
    }

    /** The held slots, in the order of their reserve lines. */
    int[] bySeq() {
      int[] slots = new int[live];
      int n = 0;
      int slotBits = 32 - Integer.numberOfLeadingZeros(mask);
      boolean packable = true;
      for (int k = 0; k < used; k++) {
        int s = (tail + k) & mask;
        if ((misc(pages, s) & LIVE) != 0) {
          slots[n++] = s;
          long seq = seq(s);
          packable &= seq >= 0 && seq < 1L << (63 - slotBits);
        }
      }
      if (!packable) { // reserve-line numbers too large to share a long with a slot
        return Arrays.stream(slots)
            .boxed()
            .sorted(java.util.Comparator.comparingLong(this::seq))
            .mapToInt(Integer::intValue)
            .toArray();
      }
      // Sorted as longs, each its reserve-line number above its slot's bits: boxed, a hundred
      // thousand slots were as many objects, sorted through a comparator.
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = seq(slots[i]) << slotBits | slots[i];
      }
      Arrays.sort(keys);
      long slotMask = (1L << slotBits) - 1;
      for (int i = 0; i < n; i++) {
        slots[i] = (int) (keys[i] & slotMask);
      }
      return slots;
    }

    long seq(int slot) {
      return num(pages, slot, SEQ);
    }

    Reservation reservation(int slot) {
      return decode(arena, pages, slot);
    }
  }

  private void kill(int s) {
    delete(ids, position(ids, s), ID_HASH);
    if ((misc(s) & NAMED) != 0) {
      delete(reqs, position(reqs, s), REQ_HASH);
    }
    setMisc(s, misc(s) & ~LIVE);
    liveBytes -= arena.getInt(text(s));
    live--;
  }

  /** Frees the dead slots at the ring's oldest end. */
  private void trim() {
    while (used > 0 && (misc(tail) & LIVE) == 0) {
      tail = (tail + 1) & mask;
      used--;
    }
  }

  /** Where {@code table} holds {@code slot}, or -1. */
  private int position(int[] table, int slot) {
    long h = num(slot, table == ids ? ID_HASH : REQ_HASH);
    for (int i = (int) h & indexMask; table[i] != 0; i = (i + 1) & indexMask) {
      if (table[i] == slot + 1) {
        return i;
      }
    }
    return -1;
  }

  /** Where {@code table} holds the slot whose string {@code field} is {@code key}, or -1. */
  private int find(int[] table, long h, int field, byte[] key) {
    int hashAt = field == 0 ? ID_HASH : REQ_HASH;
    for (int i = (int) h & indexMask; table[i] != 0; i = (i + 1) & indexMask) {
      int s = table[i] - 1;
      if (num(s, hashAt) == h && fieldEquals(arena, text(s), field, key)) {
        return i;
      }
    }
    return -1;
  }

  private void insert(int[] table, long h, int slot) {
    int i = (int) h & indexMask;
    while (table[i] != 0) {
      i = (i + 1) & indexMask;
    }
    table[i] = slot + 1;
  }

  /** Empties position {@code i} of a linear-probing table, moving back what probed past it. */
  private void delete(int[] table, int i, int hashAt) {
    table[i] = 0;
    int j = i;
    while (true) {
      j = (j + 1) & indexMask;
      int v = table[j];
      if (v == 0) {
        return;
      }
      int home = (int) num(v - 1, hashAt) & indexMask;
      boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        table[i] = v;
        table[j] = 0;
        i = j;
      }
    }
  }

  // A slot's strings, from its offset in the arena: their whole length as an int (these four bytes
  // included), then for each of id, req_id, agent and run its UTF-8 length as an int (-1 for an
  // absent run) and its bytes.

  private static byte[] encode(byte[]... fields) {
    int n = 4;
    for (byte[] f : fields) {
      n += 4 + (f == null ? 0 : f.length);
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    out.putInt(n);
    for (byte[] f : fields) {
      out.putInt(f == null ? -1 : f.length);
      if (f != null) {
        out.put(f);
      }
    }
    return out.array();
  }

  /** Where the slot's strings start in the arena. */
  private int text(int s) {
    return (int) num(s, TEXT);
  }

  private static int start(ByteBuffer arena, int base, int field) {
    int at = base + 4;
    for (int k = 0; k < field; k++) {
      at += 4 + Math.max(0, arena.getInt(at));
    }
    return at;
  }

  private static String field(ByteBuffer arena, int base, int field) {
    int at = start(arena, base, field);
    int len = arena.getInt(at);
    if (len < 0) {
      return null;
    }
    byte[] b = new byte[len];
    arena.get(at + 4, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static boolean fieldEquals(ByteBuffer arena, int base, int field, byte[] key) {
    int at = start(arena, base, field);
    if (arena.getInt(at) != key.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (arena.get(at + 4 + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  private static Reservation decode(ByteBuffer arena, LongBuffer[] pages, int s) {
    LongBuffer n = pages[s >>> PAGE_BITS];
    int b = (s & IN_PAGE) * STRIDE;
    long m = n.get(b + MISC);
    int base = (int) n.get(b + TEXT);
    long nanos = n.get(b + NANOS);
    return new Reservation(
        field(arena, base, 0),
        field(arena, base, 1),
        field(arena, base, 2),
        field(arena, base, 3),
        n.get(b + ESTIMATE),
        Instant.ofEpochSecond(n.get(b + CREATED), nanos >>> 32),
        Instant.ofEpochSecond(n.get(b + EXPIRES), (int) nanos),
        STATES[(int) (m & 0xf)],
        n.get(b + ACTUAL),
        Instant.ofEpochSecond(n.get(b + CLOSED), m >>> 8));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A seeded 64-bit hash (FNV-1a, then a finalizer that spreads every bit into the low ones). */
  private static long hash(byte[] b) {
    long h = SEED;
    for (byte x : b) {
      h = (h ^ (x & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
