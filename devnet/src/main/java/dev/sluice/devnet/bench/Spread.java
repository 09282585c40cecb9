package dev.sluice.devnet.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The median, min and max of one figure over repeated runs. The median of an even count is the mean
 * of the middle two. NaN values (a figure a run could not give) are left out.
 */
record Spread(double median, double min, double max, int runs) {

  static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

  static Spread of(List<Double> values) {
    double[] sorted =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(v -> !Double.isNaN(v))
            .sorted()
            .toArray();
    if (sorted.length == 0) {
      return NONE;
    }
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Spread(median, sorted[0], sorted[n - 1], n);
  }

  static Spread of(double... values) {
    return of(Arrays.stream(values).boxed().toList());
  }

  boolean isEmpty() {
    return runs == 0;
  }

  /**
   * {@code median (min–max)} with the given decimals; just the median for one run; {@code —} for
   * none.
   */
  String format(int decimals) {
    if (isEmpty()) {
      return "—";
    }
    String m = number(median, decimals);
    if (runs == 1 || min == max) {
      return m;
    }
    return m + " (" + number(min, decimals) + "–" + number(max, decimals) + ")";
  }

  static String number(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "—";
    }
    if (Double.isInfinite(value)) {
      return "∞";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
