package io.mooncake.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;

/**
 * PostgreSQL's text output for values read back from DuckDB, so that a mirror returns the bytes
 * PostgreSQL would. Temporal values arrive as DuckDB's VARCHAR cast (identical to PostgreSQL's ISO
 * output but for the BC notation); floats are printed with PostgreSQL's shortest-exact rules.
 * Stateless and thread-safe.
 */
public final class PgText {

  private static final int FLOAT8_DIG = 15;
  private static final int FLOAT4_DIG = 6;

  private PgText() {}

  /** PostgreSQL's float8 output ({@code extra_float_digits} ≥ 1, the default since PG 12). */
  public static String float8(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return special(v);
    }
    BigDecimal shortest = shortest(new BigDecimal(Double.toString(v)), v, false);
    return layout(v, shortest, FLOAT8_DIG);
  }

  /** PostgreSQL's float4 output. */
  public static String float4(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v)) {
      return special(v);
    }
    BigDecimal shortest = shortest(new BigDecimal(Float.toString(v)), v, true);
    return layout(v, shortest, FLOAT4_DIG);
  }

  /**
   * PostgreSQL's avg() of integers or numerics whose exact sum is {@code sum} (its text, with the
   * scale of the values) over {@code count} values: their quotient ({@link #quotient}).
   */
  public static String average(BigDecimal sum, long count) {
    return quotient(sum, BigDecimal.valueOf(count));
  }

  /**
   * PostgreSQL's quotient of numerics {@code dividend / divisor} (each with its own scale, as
   * PostgreSQL's values carry theirs): at the scale PostgreSQL's division chooses (its {@code
   * select_div_scale}: 16 significant digits judged from the leading base-10000 digits of both, at
   * least the scale of either, at most 1000), rounded half away from zero.
   *
   * @throws ArithmeticException when {@code divisor} is zero
   */
  public static String quotient(BigDecimal dividend, BigDecimal divisor) {
    if (divisor.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    int rscale =
        Math.min(
            Math.max(digitsScale(dividend, divisor), Math.max(dividend.scale(), divisor.scale())),
            1000);
    return dividend.divide(divisor, rscale, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * Whether PostgreSQL's scale of {@code dividend / divisor} comes from the operands' own scales
   * rather than from their leading digits alone: then operands of the same values with other scales
   * would give other digits.
   */
  public static boolean quotientScaleFromOperands(BigDecimal dividend, BigDecimal divisor) {
    return digitsScale(dividend, divisor) < Math.max(dividend.scale(), divisor.scale());
  }

  /** The scale that the leading digits of a quotient's operands call for (at least 0). */
  private static int digitsScale(BigDecimal dividend, BigDecimal divisor) {
    int[] s = weightAndFirstDigit(dividend);
    int[] c = weightAndFirstDigit(divisor);
    int qweight = s[0] - c[0] - (s[1] <= c[1] ? 1 : 0);
    return Math.max(16 - qweight * 4, 0);
  }

  /**
   * The weight of the first non-zero base-10000 digit of {@code v} (PostgreSQL's numeric layout:
   * digit groups of four aligned on the decimal point) and that digit; (0, 0) for zero.
   */
  private static int[] weightAndFirstDigit(BigDecimal v) {
    if (v.signum() == 0) {
      return new int[] {0, 0};
    }
    String digits = v.unscaledValue().abs().toString();
    int integerDigits = digits.length() - v.scale();
    if (integerDigits > 0) {
      int leading = (integerDigits - 1) % 4 + 1;
      String group = digits.length() >= leading ? digits.substring(0, leading) : digits;
      int first = Integer.parseInt(group);
      for (int i = group.length(); i < leading; i++) {
        first *= 10; // "12" of 1200 with trailing zeros cut off by a negative scale
      }
      return new int[] {(integerDigits - 1) / 4, first};
    }
    int zeros = -integerDigits; // after the point, before the first digit
    int group = zeros / 4;
    String fraction = "0".repeat(zeros) + digits + "000";
    return new int[] {-(group + 1), Integer.parseInt(fraction.substring(group * 4, group * 4 + 4))};
  }

  /** PostgreSQL's bytea output in hex form. */
  public static String bytea(byte[] v) {
    return "\\x" + HexFormat.of().formatHex(v);
  }

  /** PostgreSQL's boolean output. */
  public static String bool(boolean v) {
    return v ? "t" : "f";
  }

  /** DuckDB's ISO text of a date or timestamp, with PostgreSQL's BC notation. */
  public static String temporal(String duckText) {
    // DuckDB puts the era after the date ("0044-03-15 (BC) 10:00:00"); PostgreSQL at the end.
    int era = duckText.indexOf(" (BC)");
    String text =
        era < 0 ? duckText : duckText.substring(0, era) + duckText.substring(era + 5) + " BC";
    // Years after 9999: DuckDB writes "+10000-01-01", PostgreSQL "10000-01-01".
    if (text.startsWith("+")) {
      text = text.substring(1);
    }
    // DuckDB's JDBC may give whole seconds as "10:00:00.0"; PostgreSQL prints no trailing zeros.
    return SECONDS_FRACTION
        .matcher(text)
        .replaceFirst(m -> m.group(1) + (m.group(2) == null ? "" : "." + m.group(2)));
  }

  private static final java.util.regex.Pattern SECONDS_FRACTION =
      java.util.regex.Pattern.compile("(\\d{2}:\\d{2}:\\d{2})\\.(\\d*[1-9])?0*(?!\\d)");

  /** DuckDB's infinite timestamps: the largest and smallest microsecond counts. */
  private static final long INFINITE_MICROS = Long.MAX_VALUE;

  /** DuckDB's infinite dates: the largest and smallest day counts. */
  private static final LocalDate INFINITE_DATE = LocalDate.of(5881580, 7, 11);

  private static final LocalDate MINUS_INFINITE_DATE = LocalDate.of(-5877641, 6, 24);

  /**
   * PostgreSQL's ISO output of a timestamptz given as microseconds since 1970-01-01 UTC, in {@code
   * zone}: fractional seconds without trailing zeros, the offset as +hh[:mm[:ss]], BC years, {@code
   * infinity}.
   */
  public static String timestamptz(long epochMicros, ZoneId zone) {
    if (Math.abs(epochMicros) == INFINITE_MICROS) {
      return epochMicros > 0 ? "infinity" : "-infinity";
    }
    ZonedDateTime t = instant(epochMicros).atZone(zone);
    StringBuilder out = new StringBuilder(40);
    boolean bc = dateTime(out, t.toLocalDateTime());
    int offset = t.getOffset().getTotalSeconds();
    out.append(offset < 0 ? '-' : '+');
    offset = Math.abs(offset);
    pad(out, offset / 3600, 2);
    if (offset % 3600 != 0) {
      out.append(':');
      pad(out, offset % 3600 / 60, 2);
      if (offset % 60 != 0) {
        out.append(':');
        pad(out, offset % 60, 2);
      }
    }
    return bc ? out.append(" BC").toString() : out.toString();
  }

  /**
   * PostgreSQL's ISO output of a timestamp (without time zone) given as microseconds since
   * 1970-01-01: BC years, {@code infinity}.
   */
  public static String timestamp(long epochMicros) {
    if (Math.abs(epochMicros) == INFINITE_MICROS) {
      return epochMicros > 0 ? "infinity" : "-infinity";
    }
    StringBuilder out = new StringBuilder(32);
    boolean bc = dateTime(out, instant(epochMicros).atZone(ZoneOffset.UTC).toLocalDateTime());
    return bc ? out.append(" BC").toString() : out.toString();
  }

  /** PostgreSQL's ISO output of a date (ISO years: year 0 is 1 BC), {@code infinity}. */
  public static String date(LocalDate d) {
    if (d.equals(INFINITE_DATE)) {
      return "infinity";
    }
    if (d.equals(MINUS_INFINITE_DATE)) {
      return "-infinity";
    }
    StringBuilder out = new StringBuilder(16);
    return date(out, d) ? out.append(" BC").toString() : out.toString();
  }

  /** PostgreSQL's output of a time: hh:mm:ss and fractional seconds without trailing zeros. */
  public static String time(java.time.LocalTime t) {
    StringBuilder out = new StringBuilder(15);
    clock(out, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    return out.toString();
  }

  private static Instant instant(long epochMicros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L);
  }

  /** Appends the date; returns whether it is BC. */
  private static boolean date(StringBuilder out, LocalDate d) {
    int year = d.getYear();
    boolean bc = year <= 0;
    pad(out, bc ? 1 - year : year, 4).append('-');
    pad(out, d.getMonthValue(), 2).append('-');
    pad(out, d.getDayOfMonth(), 2);
    return bc;
  }

  /** Appends date and time, with fractional seconds without trailing zeros; returns if BC. */
  private static boolean dateTime(StringBuilder out, LocalDateTime t) {
    boolean bc = date(out, t.toLocalDate());
    out.append(' ');
    clock(out, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    return bc;
  }

  private static void clock(StringBuilder out, int hour, int minute, int second, int micros) {
    pad(out, hour, 2).append(':');
    pad(out, minute, 2).append(':');
    pad(out, second, 2);
    if (micros != 0) {
      StringBuilder fraction = new StringBuilder();
      pad(fraction, micros, 6);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v > 0 ? "Infinity" : "-Infinity";
  }

  /** The fewest significant digits that read back as the same value (Java 17 may give one more). */
  private static BigDecimal shortest(BigDecimal digits, double v, boolean single) {
    BigDecimal best = digits.stripTrailingZeros();
    for (int p = best.precision() - 1; p >= 1; p--) {
      BigDecimal candidate = best.round(new MathContext(p, RoundingMode.HALF_EVEN));
      boolean same =
          single
              ? Float.parseFloat(candidate.toString()) == (float) v
              : Double.parseDouble(candidate.toString()) == v;
      if (!same) {
        break;
      }
      best = candidate;
    }
    return best;
  }

  /** Fixed notation for exponents in [-4, digits), else d.ddde±XX, as PostgreSQL's Ryu output. */
  private static String layout(double v, BigDecimal value, int digits) {
    if (value.signum() == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal abs = value.abs();
    int exponent = abs.precision() - abs.scale() - 1;
    String sign = value.signum() < 0 ? "-" : "";
    if (exponent >= -4 && exponent < digits) {
      return sign + abs.toPlainString();
    }
    String unscaled = abs.unscaledValue().toString();
    StringBuilder out = new StringBuilder(sign).append(unscaled.charAt(0));
    if (unscaled.length() > 1) {
      out.append('.').append(unscaled, 1, unscaled.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    if (e < 10) {
      out.append('0');
    }
    return out.append(e).toString();
  }
}
