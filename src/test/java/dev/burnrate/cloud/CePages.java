package dev.burnrate.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds GetCostAndUsage response documents, the shape AWS (and moto) send. */
final class CePages {
  record Cell(LocalDate day, String tagValue, String service, String amount) {}

  private final String tag;
  private final String metric;

  CePages(String tag, String metric) {
    this.tag = tag;
    this.metric = metric;
  }

  /** One page holding {@code cells}, grouped by day in order, with {@code next} as its token. */
  ObjectNode page(List<Cell> cells, String next) {
    ObjectNode root = AwsStub.JSON.createObjectNode();
    ArrayNode defs = root.putArray("GroupDefinitions");
    defs.addObject().put("Type", "TAG").put("Key", tag);
    defs.addObject().put("Type", "DIMENSION").put("Key", "SERVICE");
    ArrayNode results = root.putArray("ResultsByTime");
    Map<LocalDate, List<Cell>> byDay = new LinkedHashMap<>();
    for (Cell c : cells) {
      byDay.computeIfAbsent(c.day(), d -> new ArrayList<>()).add(c);
    }
    byDay.forEach(
        (day, list) -> {
          ObjectNode r = results.addObject();
          r.putObject("TimePeriod")
              .put("Start", day.toString())
              .put("End", day.plusDays(1).toString());
          r.putObject("Total");
          ArrayNode groups = r.putArray("Groups");
          for (Cell c : list) {
            ObjectNode g = groups.addObject();
            g.putArray("Keys").add(tag + "$" + c.tagValue()).add(c.service());
            g.putObject("Metrics").putObject(metric).put("Amount", c.amount()).put("Unit", "USD");
          }
          r.put("Estimated", false);
        });
    root.putArray("DimensionValueAttributes");
    if (next != null) {
      root.put("NextPageToken", next);
    }
    return root;
  }

  /** {@code cells} split into pages of at most {@code perPage} groups, tokens p1, p2, ... */
  List<ObjectNode> pages(List<Cell> cells, int perPage) {
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < cells.size() || out.isEmpty(); i += perPage) {
      int end = Math.min(cells.size(), i + perPage);
      out.add(
          page(
              cells.subList(Math.min(i, end), end),
              end < cells.size() ? "p" + (out.size() + 1) : null));
    }
    return out;
  }
}
