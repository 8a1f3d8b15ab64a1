/** A deterministic, realistic month of fleet usage for the demo command and the tests. */
package dev.burnrate.demo;
