package io.mooncake.calcite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One case of {@code planner-cases.txt}: a name and its "key: value" lines. */
record PlannerCase(String name, Map<String, List<String>> fields) {

  String get(String key) {
    List<String> values = fields.get(key);
    return values == null ? null : values.get(0);
  }

  List<String> all(String key) {
    return fields.getOrDefault(key, List.of());
  }

  static List<PlannerCase> load(String resource) throws IOException {
    String text;
    try (InputStream in = PlannerCase.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<PlannerCase> cases = new ArrayList<>();
    String name = null;
    Map<String, List<String>> fields = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("== ")) {
        if (name != null) {
          cases.add(new PlannerCase(name, fields));
        }
        name = line.substring(3).strip();
        fields = new LinkedHashMap<>();
      } else if (name != null && !line.isBlank() && !line.startsWith("#")) {
        int colon = line.indexOf(':');
        String key = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip().replace("\\n", "\n");
        fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    if (name != null) {
      cases.add(new PlannerCase(name, fields));
    }
    return cases;
  }
}
