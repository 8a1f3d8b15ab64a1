package dev.burnrate.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * String <-> dense id for one dimension, shared by every segment: at most {@code cap} values plus
 * {@link EventIndex#OTHER}, which every value past the cap maps to.
 */
final class Dict {
  final int cap;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private int named;
  private int other = -1;

  Dict(int cap) {
    this.cap = cap;
  }

  synchronized int id(String s) {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    boolean isOther = EventIndex.OTHER.equals(s);
    if (!isOther) {
      if (named >= cap) {
        return other >= 0 ? other : id(EventIndex.OTHER);
      }
      named++;
    }
    id = names.size();
    names.add(s);
    ids.put(s, id);
    if (isOther) {
      other = id;
    }
    return id;
  }

  /** The id of {@link EventIndex#OTHER}, or -1 while no value has been grouped under it. */
  synchronized int other() {
    return other;
  }

  synchronized int find(String s) {
    Integer id = ids.get(s);
    return id == null ? -1 : id;
  }

  synchronized String name(int id) {
    return names.get(id);
  }

  synchronized int size() {
    return names.size();
  }
}
