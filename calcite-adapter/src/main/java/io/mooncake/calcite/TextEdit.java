package io.mooncake.calcite;

/**
 * A change of the user's text for DuckDB besides table references: tokens {@code firstToken} to
 * {@code lastToken} (inclusive) become {@code replacement}.
 */
record TextEdit(int firstToken, int lastToken, String replacement) {}
