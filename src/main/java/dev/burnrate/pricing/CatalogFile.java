package dev.burnrate.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bundled catalog format written by {@code scripts/build_price_catalog.py}: UTF-8 text,
 * {@code #} comment lines, {@code #@key=value} metadata lines ({@code source}, {@code effective},
 * {@code entries}), then a tab-separated header row and one row per model. Columns are found by
 * header name, so adding a column does not break older readers; an empty cell is a missing rate.
 */
final class CatalogFile {

  static final String BUNDLED = "litellm-prices.tsv";

  final String source;
  final LocalDate effective;
  final int declaredEntries;
  final List<ModelPrice> prices;

  private CatalogFile(
      String source, LocalDate effective, int declaredEntries, List<ModelPrice> prices) {
    this.source = source;
    this.effective = effective;
    this.declaredEntries = declaredEntries;
    this.prices = List.copyOf(prices);
  }

  static CatalogFile bundled() {
    InputStream in = CatalogFile.class.getResourceAsStream(BUNDLED);
    if (in == null) {
      throw new IllegalStateException(
          "the bundled price catalog " + BUNDLED + " is missing from the jar; rebuild it");
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read(reader, BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled price catalog " + BUNDLED, e);
    }
  }

  static CatalogFile read(Reader reader, String name) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    Map<String, String> meta = new HashMap<>();
    Map<String, Integer> columns = null;
    List<String[]> rows = new ArrayList<>();
    List<Integer> rowLines = new ArrayList<>();
    int lineNo = 0;
    for (String line; (line = lines.readLine()) != null; ) {
      lineNo++;
      if (line.startsWith("#@")) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(name + ":" + lineNo + ": metadata line without '='");
        }
        meta.put(line.substring(2, eq).trim(), line.substring(eq + 1).trim());
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      } else if (columns == null) {
        columns = new HashMap<>();
        String[] header = line.split("\t", -1);
        for (int i = 0; i < header.length; i++) {
          columns.put(header[i], i);
        }
      } else {
        rows.add(line.split("\t", -1));
        rowLines.add(lineNo);
      }
    }
    String source = require(meta, "source", name);
    LocalDate effective;
    try {
      effective = LocalDate.parse(require(meta, "effective", name));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": #@effective is not a YYYY-MM-DD date", e);
    }
    int declared = Integer.parseInt(meta.getOrDefault("entries", "-1"));
    if (columns == null) {
      throw new IllegalArgumentException(name + ": no header row");
    }
    String label = source + " " + effective;
    List<ModelPrice> prices = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Row row = new Row(rows.get(r), columns, name + ":" + rowLines.get(r));
      prices.add(row.price(label, effective));
    }
    return new CatalogFile(source, effective, declared, prices);
  }

  private static String require(Map<String, String> meta, String key, String name) {
    String value = meta.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + ": missing #@" + key + "= metadata line");
    }
    return value;
  }

  private record Row(String[] cells, Map<String, Integer> columns, String where) {

    ModelPrice price(String label, LocalDate effective) {
      String model = text("model");
      if (model == null) {
        throw new IllegalArgumentException(where + ": empty model name");
      }
      try {
        String above = text("long_context_above");
        return new ModelPrice(
            model,
            text("provider"),
            label,
            effective,
            rates("input", "output", "cache_read", "cache_write", "cache_write_1h"),
            above == null ? 0 : Long.parseLong(above),
            rates(
                "long_input",
                "long_output",
                "long_cache_read",
                "long_cache_write",
                "long_cache_write_1h"),
            rates("batch_input", "batch_output", null, null, null),
            rates(
                "priority_input",
                "priority_output",
                "priority_cache_read",
                "priority_cache_write",
                null),
            rates(
                "priority_long_input",
                "priority_long_output",
                "priority_long_cache_read",
                null,
                null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " (" + model + "): " + e.getMessage(), e);
      }
    }

    private Rates rates(String in, String out, String read, String write, String write1h) {
      return new Rates(rate(in), rate(out), rate(read), rate(write), rate(write1h));
    }

    private BigDecimal rate(String column) {
      String value = text(column);
      return value == null ? null : new BigDecimal(value);
    }

    private String text(String column) {
      if (column == null) {
        return null;
      }
      Integer index = columns.get(column);
      if (index == null || index >= cells.length || cells[index].isEmpty()) {
        return null;
      }
      return cells[index];
    }
  }
}
