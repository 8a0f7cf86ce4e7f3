package io.mooncake.driver;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The {@link Wrapper} rule shared by all of mooncake's JDBC objects: JDBC interfaces resolve to
 * mooncake's wrapper (so that the application stays on mooncake's routing), PgJDBC's own types
 * ({@code org.postgresql.*}) resolve to PgJDBC's object (so that COPY, LISTEN/NOTIFY and every
 * other PgJDBC extension behave exactly as with PgJDBC).
 */
final class Wrappers {

  private static final String PGJDBC_PACKAGE = "org.postgresql.";

  private Wrappers() {}

  static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(wrapper) && !iface.getName().startsWith(PGJDBC_PACKAGE)) {
      return iface.cast(wrapper);
    }
    return delegate.unwrap(iface);
  }

  static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> iface)
      throws SQLException {
    return iface.isInstance(wrapper) || delegate.isWrapperFor(iface);
  }
}
