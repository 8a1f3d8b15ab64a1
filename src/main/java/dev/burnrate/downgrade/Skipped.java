package dev.burnrate.downgrade;

/** A rule that could not be applied ({@code from} -> {@code to} when {@code rule}), and why. */
public record Skipped(String from, String to, String rule, String reason) {}
