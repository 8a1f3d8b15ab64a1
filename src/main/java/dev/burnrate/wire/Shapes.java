package dev.burnrate.wire;

import com.fasterxml.jackson.databind.module.SimpleModule;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    return m;
  }
}
