package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyProgressTest {

  @Test
  void countsCsvRecordsNotLines() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    String csv = "1,plain\n2,\"two\nlines\"\n3,\"quote \"\" and\nnewline\"\n4,\n";
    try (CopyProgress p = new CopyProgress(sink, n -> {})) {
      p.write(csv.getBytes(StandardCharsets.UTF_8));
      assertThat(p.records()).isEqualTo(4);
    }
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
  }
}
