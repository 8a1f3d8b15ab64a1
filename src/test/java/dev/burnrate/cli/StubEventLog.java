package dev.burnrate.cli;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.store.EventLog;

/** An event log whose appends a test writes; it has no index and nothing to refresh or close. */
abstract class StubEventLog implements EventLog {
  @Override
  public EventIndex index() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void refresh() {}

  @Override
  public void refreshIfOlderThan(long maxAgeMillis) {}

  @Override
  public void close() {}
}
