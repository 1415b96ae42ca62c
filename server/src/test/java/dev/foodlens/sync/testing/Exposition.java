package dev.foodlens.sync.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Prometheus text exposition: sample names, labels and values. */
public final class Exposition {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  public Exposition(String text) {
    this.text = text;
  }

  /** Every sample's metric name (comments and HELP/TYPE lines excluded). */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels}. */
  public double sum(String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches() && m.group(1).equals(name)
          && labels(m.group(2)).entrySet().containsAll(labels.entrySet())) {
        sum += Double.parseDouble(m.group(3));
      }
    }
    return sum;
  }

  /** Every value label {@code key} takes on samples named {@code name}. */
  public Set<String> labelValues(String name, String key) {
    Set<String> values = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches() && m.group(1).equals(name)) {
        String value = labels(m.group(2)).get(key);
        if (value != null) {
          values.add(value);
        }
      }
    }
    return values;
  }

  private static Map<String, String> labels(String body) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (body != null) {
      Matcher m = LABEL.matcher(body);
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
    }
    return labels;
  }
}
