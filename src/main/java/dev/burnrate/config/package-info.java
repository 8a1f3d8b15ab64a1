/**
 * YAML files to validated configuration, strictly: unknown and duplicate keys are errors, every
 * problem is reported at once as {@code file:line:col path: message}, and reading is bounded in
 * size, aliases and nesting. Entry type: {@link dev.burnrate.config.ConfigLoader}.
 */
package dev.burnrate.config;
