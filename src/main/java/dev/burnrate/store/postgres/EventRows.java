package dev.burnrate.store.postgres;

import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.store.EventLines;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The mapping between {@link UsageEvent} and a row of {@code usage_events}: the column list in one
 * order for every statement, bind parameters for single rows, COPY text for batches, and the two
 * ways back (a full event for export, columns straight into a {@link SegmentBuilder}).
 */
final class EventRows {
  private EventRows() {}

  /** Every stored column but {@code id} and {@code recorded_at}, in the order rows are written. */
  static final String COLUMNS =
      "ts, req_id, workspace_id, user_id, agent_id, tool, action, status,"
          + " duration_ms, in_size, out_size, input_hash, graph_run_id, graph_node, job_id, model,"
          + " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd,"
          + " complexity_score, team, env";

  /** The timestamp as exact epoch microseconds (numeric arithmetic, PostgreSQL 14+). */
  private static final String TS_MICROS = "(extract(epoch FROM ts) * 1000000)::int8";

  /** Columns read back, {@code id} first and the timestamp as microseconds. */
  static final String SELECT =
      "SELECT id, "
          + TS_MICROS
          + ", req_id, workspace_id, user_id, agent_id, tool,"
          + " action, status, duration_ms, in_size, out_size, input_hash, graph_run_id, graph_node, job_id,"
          + " model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd,"
          + " complexity_score, team, env FROM usage_events";

  /**
   * Asks for {@link #SELECT}'s numbers in binary: the server then sends them without formatting
   * (the bigint columns, the microseconds, the cost and the score) and the driver reads them
   * without parsing, about a third of a fresh replica's read. The names are sent as they are either
   * way; a driver told not to use binary ({@code binaryTransfer=false}) reads the text as before.
   */
  static void binary(PreparedStatement ps) throws SQLException {
    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
  }

  static final String INSERT =
      "INSERT INTO usage_events ("
          + COLUMNS
          + ") VALUES ("
          + "?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::numeric, ?, ?, ?)"
          + " ON CONFLICT (req_id) WHERE req_id <> '' DO NOTHING";

  /** The first microsecond of year 1 and of year 10000 (UTC): the years the log can hold. */
  private static final long FIRST_MICROS =
      java.time.Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  private static final long PAST_MICROS =
      java.time.Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  /** Rejects what PostgreSQL text cannot hold, before anything is written. */
  static void requireStorable(int index, UsageEvent e) {
    if (e.tsMicros() < FIRST_MICROS || e.tsMicros() >= PAST_MICROS) {
      int year =
          java.time.LocalDate.ofInstant(
                  java.time.Instant.ofEpochSecond(Math.floorDiv(e.tsMicros(), 1_000_000L)),
                  java.time.ZoneOffset.UTC)
              .getYear();
      // The same bound (and words) as the JSONL log, so both refuse the same batches.
      throw new IllegalArgumentException(
          "event "
              + index
              + " has ts in "
              + year
              + ", outside the years the log can hold; check the event's ts");
    }
    String[] fields = {
      e.reqId(),
      e.workspaceId(),
      e.userId(),
      e.agentId(),
      e.tool(),
      e.action(),
      e.inputHash(),
      e.graphRunId(),
      e.graphNode(),
      e.jobId(),
      e.model(),
      e.team(),
      e.env()
    };
    for (String f : fields) {
      if (f != null && f.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "event "
                + index
                + " has a NUL character (\\u0000) in a text field,"
                + " which PostgreSQL cannot store; remove it");
      }
    }
  }

  static void bind(PreparedStatement ps, UsageEvent e) throws SQLException {
    int i = 1;
    ps.setString(i++, EventLines.isoMicros(e.tsMicros()));
    ps.setString(i++, e.reqId());
    ps.setString(i++, e.workspaceId());
    ps.setString(i++, e.userId());
    ps.setString(i++, e.agentId());
    ps.setString(i++, e.tool());
    ps.setString(i++, e.action());
    ps.setString(i++, e.status().wire());
    ps.setLong(i++, e.durationMs());
    ps.setLong(i++, e.inSize());
    ps.setLong(i++, e.outSize());
    ps.setString(i++, e.inputHash());
    ps.setString(i++, e.graphRunId());
    ps.setString(i++, e.graphNode());
    ps.setString(i++, e.jobId());
    ps.setString(i++, e.model());
    optional(ps, i++, e.inputTokens());
    optional(ps, i++, e.outputTokens());
    optional(ps, i++, e.cacheReadTokens());
    optional(ps, i++, e.cacheWriteTokens());
    ps.setString(i++, e.costUsd() == null ? null : e.costUsd().toPlainString());
    if (Double.isNaN(e.complexityScore())) {
      ps.setNull(i++, Types.DOUBLE);
    } else {
      ps.setDouble(i++, e.complexityScore());
    }
    ps.setString(i++, e.team());
    ps.setString(i, e.env());
  }

  private static void optional(PreparedStatement ps, int i, long v) throws SQLException {
    if (v < 0) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /**
   * One row of COPY text format: {@link #COLUMNS}, after {@code ord} when it is not negative (the
   * temporary table's order column).
   */
  static void copyLine(StringBuilder sb, int ord, UsageEvent e) {
    if (ord >= 0) {
      sb.append(ord).append('\t');
    }
    sb.append(EventLines.isoMicros(e.tsMicros()));
    text(sb, e.reqId());
    text(sb, e.workspaceId());
    text(sb, e.userId());
    text(sb, e.agentId());
    text(sb, e.tool());
    text(sb, e.action());
    text(sb, e.status().wire());
    sb.append('\t').append(e.durationMs());
    sb.append('\t').append(e.inSize());
    sb.append('\t').append(e.outSize());
    text(sb, e.inputHash());
    text(sb, e.graphRunId());
    text(sb, e.graphNode());
    text(sb, e.jobId());
    text(sb, e.model());
    count(sb, e.inputTokens());
    count(sb, e.outputTokens());
    count(sb, e.cacheReadTokens());
    count(sb, e.cacheWriteTokens());
    text(sb, e.costUsd() == null ? null : e.costUsd().toPlainString());
    text(sb, Double.isNaN(e.complexityScore()) ? null : Double.toString(e.complexityScore()));
    text(sb, e.team());
    text(sb, e.env());
    sb.append('\n');
  }

  private static void count(StringBuilder sb, long v) {
    sb.append('\t');
    if (v < 0) {
      sb.append("\\N");
    } else {
      sb.append(v);
    }
  }

  private static void text(StringBuilder sb, String v) {
    sb.append('\t');
    if (v == null) {
      sb.append("\\N");
      return;
    }
    int plain = 0; // names rarely hold a character COPY escapes: append those whole
    while (plain < v.length() && !escaped(v.charAt(plain))) {
      plain++;
    }
    sb.append(v, 0, plain);
    for (int i = plain; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  private static boolean escaped(char c) {
    return c == '\\' || c == '\t' || c == '\n' || c == '\r';
  }

  /** A row read with {@link #SELECT} as the event it was written from. */
  static UsageEvent event(ResultSet r) throws SQLException {
    return new UsageEvent(
        r.getLong(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7),
        r.getString(8),
        Status.parse(r.getString(9)),
        r.getLong(10),
        r.getLong(11),
        r.getLong(12),
        r.getString(13),
        r.getString(14),
        r.getString(15),
        r.getString(16),
        r.getString(17),
        optional(r, 18),
        optional(r, 19),
        optional(r, 20),
        optional(r, 21),
        r.getBigDecimal(22),
        complexity(r, 23),
        r.getString(24),
        r.getString(25));
  }

  private static final int TOOL = Dimension.TOOL.ordinal();
  private static final int AGENT = Dimension.AGENT.ordinal();
  private static final int USER = Dimension.USER.ordinal();
  private static final int WORKSPACE = Dimension.WORKSPACE.ordinal();
  private static final int MODEL = Dimension.MODEL.ordinal();
  private static final int STATUS = Dimension.STATUS.ordinal();
  private static final int TEAM = Dimension.TEAM.ordinal();
  private static final int ENV = Dimension.ENV.ordinal();

  /** Adds a row read with {@link #SELECT} to the columns, without building an event object. */
  /**
   * Adds the row at {@code r} to {@code b}. Names are taken as the driver's raw UTF-8 bytes, not
   * decoded into strings and encoded again: that round trip was a fifth of a fresh replica's start.
   */
  static void index(ResultSet r, SegmentBuilder b, int[] dims) throws SQLException {
    dims[TOOL] = intern(r, 7, b, TOOL);
    dims[AGENT] = intern(r, 6, b, AGENT);
    dims[USER] = intern(r, 5, b, USER);
    dims[WORKSPACE] = intern(r, 4, b, WORKSPACE);
    dims[MODEL] = intern(r, 17, b, MODEL);
    dims[STATUS] = intern(r, 9, b, STATUS);
    dims[TEAM] = intern(r, 24, b, TEAM);
    dims[ENV] = intern(r, 25, b, ENV);
    BigDecimal usd = r.getBigDecimal(22);
    byte[] req = r.getBytes(3);
    b.add(
        r.getLong(2),
        dims,
        r.getLong(10),
        r.getLong(11),
        r.getLong(12),
        optional(r, 18),
        optional(r, 19),
        optional(r, 20),
        optional(r, 21),
        SegmentBuilder.usdNanos(usd),
        complexity(r, 23),
        req == null || req.length == 0 ? 0 : SegmentBuilder.reqHash(req, 0, req.length));
  }

  private static int intern(ResultSet r, int col, SegmentBuilder b, int dim) throws SQLException {
    byte[] v = r.getBytes(col);
    return v == null ? -1 : b.intern(dim, v, 0, v.length);
  }

  private static long optional(ResultSet r, int col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? -1 : v;
  }

  private static double complexity(ResultSet r, int col) throws SQLException {
    double v = r.getDouble(col);
    return r.wasNull() ? Double.NaN : v;
  }
}
