package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataQualitiesTest {
  /** What the file day was before it was read by hand: ISO_LOCAL_DATE, null when it fails. */
  private static LocalDate byFormatter(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    if (name.startsWith("tool_audit_") && name.length() >= 21) {
      try {
        return LocalDate.parse(name.substring(11, 21));
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  @Test
  void theDayOfAFileIsReadAsTheIsoFormatterReadsIt() {
    for (String file :
        List.of(
            "tool_audit_2026-02-23.jsonl",
            "/data/audit/tool_audit_2024-02-29.jsonl",
            "tool_audit_2023-02-29.jsonl",
            "tool_audit_2026-13-01.jsonl",
            "tool_audit_2026-00-10.jsonl",
            "tool_audit_2026-01-32.jsonl",
            "tool_audit_2026-1-01.jsonl",
            "tool_audit_2026/01/01.jsonl",
            "tool_audit_+026-01-01.jsonl",
            "tool_audit_2026-01-0\u0661.jsonl",
            "tool_audit_2026-01-01",
            "tool_audit_2026",
            "other_2026-01-01.jsonl",
            "ingest/batch-7.jsonl")) {
      assertEquals(byFormatter(file), DataQualities.dayOf(file), file);
    }
  }
}
