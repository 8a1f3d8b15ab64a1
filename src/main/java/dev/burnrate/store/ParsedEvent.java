package dev.burnrate.store;

import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.Dimension;

/**
 * The fields of the event being parsed, reset for every line and handed to the {@link
 * SegmentBuilder} once the line is complete. One instance serves a whole parse, so a line costs no
 * allocation.
 */
final class ParsedEvent {
  static final long ABSENT = -1;

  final SegmentBuilder out;
  final int[] dims = new int[Dimension.values().length];

  /**
   * The builder's id of each status, in {@link EventFields}' order, once interned (-1 before): a
   * closed set of four, so a line's status costs no dictionary probe. Interned on first sight, as
   * before, so the ids are the same.
   */
  final int[] statusIds = {-1, -1, -1, -1};

  /** The timestamp parser, which keeps the last line's date and hour. */
  final Timestamps.LastHour times = new Timestamps.LastHour();

  long ts;
  long dur;
  long inSize;
  long outSize;
  long tokIn;
  long tokOut;
  long tokCr;
  long tokCw;
  long usd;
  double cplx;
  long req;

  ParsedEvent(SegmentBuilder out) {
    this.out = out;
  }

  void reset() {
    for (int d = 0; d < dims.length; d++) {
      dims[d] = -1;
    }
    ts = Timestamps.INVALID;
    dur = 0;
    inSize = 0;
    outSize = 0;
    tokIn = ABSENT;
    tokOut = ABSENT;
    tokCr = ABSENT;
    tokCw = ABSENT;
    usd = Segment.NO_USD;
    cplx = Double.NaN;
    req = 0;
  }

  void emit() {
    out.add(ts, dims, dur, inSize, outSize, tokIn, tokOut, tokCr, tokCw, usd, cplx, req);
  }
}
