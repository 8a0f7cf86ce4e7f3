package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class IcebergCommitsTest {

  @Test
  void roundsRunInOrderAndConfirmOnlyOnceDone() throws Exception {
    try (IcebergCommits commits = new IcebergCommits("t")) {
      List<String> ran = new ArrayList<>();
      CountDownLatch release = new CountDownLatch(1);
      commits.submit(Lsn.parse("0/10"), List.of(() -> release.await(), () -> ran.add("a")), true);
      commits.submit(Lsn.parse("0/20"), List.of(() -> ran.add("b")), false);
      assertThat(commits.confirmable()).as("nothing committed yet").isNull();
      release.countDown();
      commits.drain();
      assertThat(ran).containsExactly("a", "b");
      // The second round ran while a mirror was being copied: only the first may be confirmed.
      assertThat(commits.confirmable()).isEqualTo(Lsn.parse("0/10"));
      commits.submit(Lsn.parse("0/30"), List.of(), true);
      commits.drain();
      assertThat(commits.confirmable()).isEqualTo(Lsn.parse("0/30"));
    }
  }

  @Test
  void aFailedCommitStopsTheRoundsAfterItAndIsRethrown() throws Exception {
    try (IcebergCommits commits = new IcebergCommits("t")) {
      List<String> ran = new ArrayList<>();
      commits.submit(
          Lsn.parse("0/10"),
          List.of(
              () -> {
                throw new IllegalStateException("disk full");
              }),
          true);
      commits.submit(Lsn.parse("0/20"), List.of(() -> ran.add("later")), true);
      assertThatThrownBy(commits::drain)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("disk full");
      assertThatThrownBy(commits::rethrow).isInstanceOf(SQLException.class);
      assertThat(ran).as("no commit skipped over").isEmpty();
      assertThat(commits.confirmable()).isNull();
    }
  }
}
