/**
 * The vocabulary every other package speaks: usage events and how one is validated, their status
 * and dimensions, the per-event bounds and time window, the cost model in relative units (weights
 * per tool), how names from the data are shown to people ({@link dev.burnrate.usage.Text}) and
 * turned into file names ({@link dev.burnrate.usage.FileNames}).
 *
 * <p>Pure Java: no I/O, no clock, no framework.
 */
package dev.burnrate.usage;
