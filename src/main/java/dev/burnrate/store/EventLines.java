package dev.burnrate.store;

import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;

/** Writes events as audit JSONL lines, in the field order of the existing audit format. */
public final class EventLines {
  private EventLines() {}

  public static String line(UsageEvent e) {
    StringBuilder sb = new StringBuilder(320);
    sb.append('{');
    str(sb, "ts", isoMicros(e.tsMicros()), true);
    str(sb, "req_id", e.reqId(), false);
    str(sb, "workspace_id", e.workspaceId(), false);
    str(sb, "user_id", e.userId(), false);
    str(sb, "agent_id", e.agentId(), false);
    str(sb, "tool", e.tool(), false);
    str(sb, "action", e.action(), false);
    str(sb, "status", e.status().wire(), false);
    num(sb, "duration_ms", e.durationMs());
    num(sb, "in_size", e.inSize());
    num(sb, "out_size", e.outSize());
    str(sb, "input_hash", e.inputHash(), false);
    str(sb, "graph_run_id", e.graphRunId(), false);
    str(sb, "graph_node", e.graphNode(), false);
    str(sb, "job_id", e.jobId(), false);
    str(sb, "model", e.model(), false);
    if (e.inputTokens() >= 0) {
      num(sb, "input_tokens", e.inputTokens());
    }
    if (e.outputTokens() >= 0) {
      num(sb, "output_tokens", e.outputTokens());
    }
    if (e.cacheReadTokens() >= 0) {
      num(sb, "cache_read_tokens", e.cacheReadTokens());
    }
    if (e.cacheWriteTokens() >= 0) {
      num(sb, "cache_write_tokens", e.cacheWriteTokens());
    }
    if (e.costUsd() != null) {
      sb.append(",\"cost_usd\":").append(e.costUsd().toPlainString());
    }
    if (!Double.isNaN(e.complexityScore())) {
      sb.append(",\"complexity_score\":")
          .append(BigDecimal.valueOf(e.complexityScore()).toPlainString());
    }
    str(sb, "team", e.team(), false);
    str(sb, "env", e.env(), false);
    sb.append("}\n");
    return sb.toString();
  }

  public static String isoMicros(long micros) {
    Instant t =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    String s = t.toString(); // ...Z with 0, 3, 6 fraction digits
    return s;
  }

  private static void num(StringBuilder sb, String k, long v) {
    sb.append(",\"").append(k).append("\":").append(v);
  }

  private static void str(StringBuilder sb, String k, String v, boolean first) {
    if (v == null) {
      return;
    }
    if (!first) {
      sb.append(',');
    }
    sb.append('"').append(k).append("\":");
    quote(sb, v);
  }

  static void quote(StringBuilder sb, String v) {
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
