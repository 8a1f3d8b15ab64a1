package dev.burnrate.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes one YAML document to nodes within fixed bounds, so that no config file, however it is
 * written, costs more than a small multiple of its size to read or to report on.
 *
 * <p>Design note. SnakeYAML returns the anchored node itself for every alias, so a value reached
 * through {@code *a} carries the anchor's line, and a reader that quotes it copies it once per
 * alias (a 1 MB scalar behind 400 aliases exhausted the heap). Here the event stream is watched as
 * it is composed: aliases of any kind (scalar, list, mapping) are counted and the first one over
 * {@link #MAX_ALIASES} stops the file at its own position, and collections may not nest deeper than
 * {@link #MAX_NESTING}. After composing, every use of an alias is replaced by a copy of the
 * anchored node that carries the alias's own marks, so problems are reported where the alias is
 * written; copies share scalar text, and their total size is capped at {@link #MAX_ALIASED_NODES}
 * nodes, which also stops nested "billion laughs" aliases and an alias inside its own anchor.
 */
final class BoundedComposer {
  /** Uses of {@code *alias} in one file. */
  static final int MAX_ALIASES = 50;

  /** Nodes produced by expanding aliases in one file. */
  static final int MAX_ALIASED_NODES = 10_000;

  /** Levels of lists and mappings inside one another. */
  static final int MAX_NESTING = 50;

  /** A bound was crossed; the message says which, and the mark where. */
  static final class LimitException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Mark mark;

    LimitException(Mark mark, String message) {
      super(message);
      this.mark = mark;
    }

    Mark mark() {
      return mark;
    }
  }

  /** Carries a {@link LimitException} out of SnakeYAML, which calls the parser. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort(LimitException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private final Deque<Mark> aliasMarks = new ArrayDeque<>();
  private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private int copied;

  private BoundedComposer() {}

  /**
   * The document's root node, or null for an empty document. SnakeYAML's own exceptions (syntax
   * errors) pass through unchanged.
   */
  static Node compose(String text, LoaderOptions options) throws LimitException {
    BoundedComposer c = new BoundedComposer();
    // SnakeYAML's own depth check is a backstop one level further out, so ours reports first.
    options.setNestingDepthLimit(MAX_NESTING + 1);
    options.setMaxAliasesForCollections(MAX_ALIASES + 1);
    Parser parser = c.new Watching(new ParserImpl(new StreamReader(text), options));
    Node root;
    try {
      root = new Composer(parser, new Resolver(), options).getSingleNode();
    } catch (Abort a) {
      throw (LimitException) a.getCause();
    }
    return root == null ? null : c.expand(root, 0);
  }

  /** Counts aliases and nesting as events are consumed, and stops at the first one over. */
  private final class Watching implements Parser {
    private final Parser inner;
    private int depth;

    Watching(Parser inner) {
      this.inner = inner;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return inner.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return inner.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event e = inner.getEvent();
      if (e.is(Event.ID.Alias)) {
        aliasMarks.add(e.getStartMark());
        if (aliasMarks.size() > MAX_ALIASES) {
          throw new Abort(
              new LimitException(
                  e.getStartMark(),
                  "more than "
                      + MAX_ALIASES
                      + " aliases (*name) in one file; write the values out instead of"
                      + " referring to them"));
        }
      } else if (e.is(Event.ID.SequenceStart) || e.is(Event.ID.MappingStart)) {
        if (++depth > MAX_NESTING) {
          throw new Abort(
              new LimitException(
                  e.getStartMark(),
                  "lists and mappings nest more than "
                      + MAX_NESTING
                      + " levels deep here; a config file needs only a few levels"));
        }
      } else if (e.is(Event.ID.SequenceEnd) || e.is(Event.ID.MappingEnd)) {
        depth--;
      }
      return e;
    }
  }

  /**
   * Walks the tree in document order, the order in which the parser met the aliases: a node met a
   * second time is an alias use, and is replaced by a copy marked at that alias.
   */
  private Node expand(Node node, int level) throws LimitException {
    if (!seen.add(node)) {
      Mark at = aliasMarks.isEmpty() ? node.getStartMark() : aliasMarks.poll();
      return copy(node, at, at, level);
    }
    if (node instanceof MappingNode m) {
      List<NodeTuple> tuples = m.getValue();
      for (int i = 0; i < tuples.size(); i++) {
        NodeTuple t = tuples.get(i);
        Node key = expand(t.getKeyNode(), level + 1);
        Node value = expand(t.getValueNode(), level + 1);
        if (key != t.getKeyNode() || value != t.getValueNode()) {
          tuples.set(i, new NodeTuple(key, value));
        }
      }
    } else if (node instanceof SequenceNode s) {
      List<Node> items = s.getValue();
      for (int i = 0; i < items.size(); i++) {
        items.set(i, expand(items.get(i), level + 1));
      }
    }
    return node;
  }

  private Node copy(Node node, Mark start, Mark end, int level) throws LimitException {
    if (++copied > MAX_ALIASED_NODES) {
      throw new LimitException(
          start,
          "aliases here expand to more than "
              + MAX_ALIASED_NODES
              + " values in this file; write the values out instead of nesting aliases");
    }
    if (level > MAX_NESTING) {
      throw new LimitException(
          start,
          "this alias nests more than "
              + MAX_NESTING
              + " levels deep (an alias inside its own anchor never ends); remove the loop");
    }
    if (node instanceof ScalarNode s) {
      return new ScalarNode(s.getTag(), s.getValue(), start, end, s.getScalarStyle());
    }
    if (node instanceof SequenceNode s) {
      List<Node> items = new ArrayList<>(s.getValue().size());
      for (Node item : s.getValue()) {
        items.add(copy(item, start, end, level + 1));
      }
      return new SequenceNode(s.getTag(), true, items, start, end, s.getFlowStyle());
    }
    MappingNode m = (MappingNode) node;
    List<NodeTuple> tuples = new ArrayList<>(m.getValue().size());
    for (NodeTuple t : m.getValue()) {
      tuples.add(
          new NodeTuple(
              copy(t.getKeyNode(), start, end, level + 1),
              copy(t.getValueNode(), start, end, level + 1)));
    }
    return new MappingNode(m.getTag(), true, tuples, start, end, m.getFlowStyle());
  }
}
