package dev.burnrate.reserve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct memory of {@link ClosedReservations}: pages of slot numbers and arenas of strings,
 * kept for reuse once out of use rather than left to the collector (which frees direct memory only
 * when it gets round to the small objects that own it), and held back from reuse while a snapshot
 * may still read them. Not thread-safe: the book's.
 */
final class ReusedMemory {
  private final int pageLongs;
  private final long maxSpare;
  private final ArrayDeque<LongBuffer> freePages = new ArrayDeque<>();
  private int maxFreePages = 8;

  /** An arena out of use, for the next one asked for that fits in it. */
  private ByteBuffer spareArena;

  /** Snapshots out: while any is, nothing retired is reused. */
  private int snapshots;

  private final List<LongBuffer> heldPages = new ArrayList<>();
  private final List<ByteBuffer> heldArenas = new ArrayList<>();

  /** Pages and arenas allocated so far (tests). */
  long allocations;

  /**
   * Reuses whole pages of {@code pageLongs} longs (smaller ones are left to the collector), and
   * keeps a spare arena of at most {@code maxSpare} bytes.
   */
  ReusedMemory(int pageLongs, long maxSpare) {
    this.pageLongs = pageLongs;
    this.maxSpare = maxSpare;
  }

  /** Keeps at most {@code pages} free pages (as many as the ring has, and a few for copies). */
  void keepFree(int pages) {
    maxFreePages = pages;
  }

  /** A page of {@code longs} longs: a free one when whole, else a new one (its contents unread). */
  LongBuffer page(int longs) {
    if (longs == pageLongs && !freePages.isEmpty()) {
      return freePages.pop();
    }
    allocations++;
    return ByteBuffer.allocateDirect(longs * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  /** {@code page} is out of use: free for reuse, or held while snapshots may read it. */
  void retire(LongBuffer page) {
    if (snapshots > 0) {
      heldPages.add(page);
    } else if (page.capacity() == pageLongs && freePages.size() < maxFreePages) {
      freePages.push(page);
    }
  }

  /** An arena of at least {@code bytes} bytes: the spare when it fits, else a new one. */
  ByteBuffer arena(long bytes) {
    if (spareArena != null && spareArena.capacity() >= bytes) {
      ByteBuffer a = spareArena;
      spareArena = null;
      return a;
    }
    allocations++;
    return ByteBuffer.allocateDirect((int) bytes);
  }

  /** {@code arena} is out of use: the spare if it is larger (up to the cap), or held. */
  void retire(ByteBuffer arena) {
    if (snapshots > 0) {
      heldArenas.add(arena);
    } else if (arena.capacity() <= maxSpare
        && (spareArena == null || spareArena.capacity() < arena.capacity())) {
      spareArena = arena;
    }
  }

  /** A snapshot is out: what is retired from now on waits for it. */
  void lend() {
    snapshots++;
  }

  /**
   * A snapshot is released; returns whether none is out any more, in which case what they held is
   * reused from now on.
   */
  boolean giveBack() {
    if (--snapshots > 0) {
      return false;
    }
    heldPages.forEach(this::retire);
    heldPages.clear();
    heldArenas.forEach(this::retire);
    heldArenas.clear();
    return true;
  }
}
