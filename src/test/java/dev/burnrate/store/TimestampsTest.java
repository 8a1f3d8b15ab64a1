package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  static long parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Timestamps.parseMicros(b, 0, b.length);
  }

  static long micros(String iso) {
    Instant t = Instant.parse(iso);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-02-23T11:59:59.123456+00:00, 2026-02-23T11:59:59.123456Z",
    "2026-02-23T11:59:59.123Z, 2026-02-23T11:59:59.123Z",
    "2026-02-23T11:59:59Z, 2026-02-23T11:59:59Z",
    "2026-02-23T13:59:59.5+02:00, 2026-02-23T11:59:59.500Z",
    "2026-02-23T06:29:59-05:30, 2026-02-23T11:59:59Z",
    "2026-02-23T11:59:59.1234567899Z, 2026-02-23T11:59:59.123456Z",
    "2026-02-23 11:59:59+0000, 2026-02-23T11:59:59Z",
    "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
    "1969-12-31T23:59:59.999999Z, 1969-12-31T23:59:59.999999Z",
  })
  void acceptsTheFormsEmittersWrite(String input, String expected) {
    assertEquals(micros(expected), parse(input));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-23T11:59:59", "2026-02-23T11:59:59.123", "2026-02-30T00:00:00Z",
            "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-02-23T24:00:00Z", "2026-02-23T11:60:00Z",
            "2026-02-23T11:59:59.Z",
        "2026-02-23T11:59:59+25:00", "2026-02-23T11:59:59+0", "yesterday at noon",
            "2026-02-23T11:59:59Zjunk",
      })
  void rejectsTimestampsWithoutAZoneOrWithImpossibleFields(String input) {
    assertEquals(Timestamps.INVALID, parse(input));
  }

  /**
   * The parser that keeps the last date and hour must give exactly what the full parse gives, for a
   * run of lines that crosses hour, day, month, year and leap-day boundaries, changes zone, and
   * mixes in malformed timestamps (some sharing a valid one's date and hour), each read from inside
   * a line.
   */
  @Test
  void lastHourGivesWhatTheFullParseGivesAcrossBoundariesAndBadInput() {
    String[] run = {
      "2026-02-23T11:59:59.123456+00:00",
      "2026-02-23T11:00:00Z",
      "2026-02-23T11:59:59.999999Z",
      "2026-02-23T11:59:59+02:00",
      "2026-02-23T12:00:00Z",
      "2026-02-23T11:30:00Z",
      "2026-02-23T11:60:00Z",
      "2026-02-23T11:59:59",
      "2026-02-23T11:5",
      "2026-02-23T11:59:59.Z",
      "2026-02-23T11:30:00Z",
      "2026-02-24T11:30:00Z",
      "2026-02-28T23:59:59Z",
      "2026-02-29T00:00:00Z",
      "2026-02-28T23:10:00Z",
      "2026-03-01T00:00:00Z",
      "2024-02-29T00:00:00Z",
      "2024-02-29T00:59:59-05:30",
      "2026-12-31T23:59:59.5Z",
      "2027-01-01T00:00:00Z",
      "2026-12-31T23:00:00+0100",
      "2026-12-31 23:00:00+01",
      "2026-12-31t23:00:00Z",
      "2026-12-31T24:00:00Z",
      "2026-12-31T23:00:00Z",
      "1969-12-31T23:59:59.999999Z",
      "1970-01-01T00:00:00Z",
      "yesterday at noon",
      "2026-02-23T11:59:59Zjunk",
      "2026-02-23T11:59:59Z",
    };
    Timestamps.LastHour last = new Timestamps.LastHour();
    for (String ts : run) {
      byte[] line = ("{\"ts\":\"" + ts + "\",\"tool\":\"x\"}").getBytes(StandardCharsets.UTF_8);
      int start = 7;
      int end = start + ts.length();
      long want = Timestamps.parseMicros(line, start, end);
      assertEquals(want, last.parseMicros(line, start, end), ts);
      assertEquals(parse(ts), want, ts);
    }
    assertEquals(micros("2027-01-01T00:00:00Z"), parse("2027-01-01T00:00:00Z"));
  }
}
