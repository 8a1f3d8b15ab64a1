/** The {@code burnrate} command line: one small class per command over the same domain. */
package dev.burnrate.cli;
