package io.mooncake.driver;

import java.sql.DatabaseMetaData;

/**
 * PgJDBC's metadata, except that {@link #getURL()} gives the {@code jdbc:mooncake:} URL the
 * application connected with (as PgJDBC gives its own), so that DB tools show the URL they were
 * given.
 *
 * <p>Thread-safety: as PgJDBC's metadata.
 */
final class MooncakeDatabaseMetaData extends DelegatingDatabaseMetaData {

  private final String url;

  MooncakeDatabaseMetaData(DelegatingConnection connection, DatabaseMetaData delegate, String url) {
    super(connection, delegate);
    this.url = url;
  }

  @Override
  public String getURL() {
    return url;
  }
}
