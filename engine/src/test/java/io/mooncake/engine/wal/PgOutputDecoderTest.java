package io.mooncake.engine.wal;

import static io.mooncake.engine.wal.MessageBytes.UNCHANGED;
import static io.mooncake.engine.wal.MessageBytes.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.Lsn;
import io.mooncake.engine.wal.WalMessage.Column;
import io.mooncake.engine.wal.WalMessage.OldTupleKind;
import io.mooncake.engine.wal.WalMessage.ReplicaIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgOutputDecoderTest {

  private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");

  private final PgOutputDecoder decoder = new PgOutputDecoder();
  private final RecordingListener listener = new RecordingListener();

  private WalMessage decode(MessageBytes message) {
    int before = listener.messages.size();
    byte[] bytes = message.build();
    decoder.decode(bytes, 0, bytes.length, listener);
    assertThat(listener.messages).hasSize(before + 1);
    return listener.messages.get(before);
  }

  @Test
  void beginAndCommitCarryLsnsTimesAndXid() {
    assertThat(decode(type('B').int64(0x1_0000_00A0L).int64(1_500_000L).int32(0xFFFFFFFF)))
        .isEqualTo(new WalMessage.Begin(Lsn.parse("1/A0"), Y2K.plusMillis(1500), 4_294_967_295L));
    assertThat(decode(type('C').int8(0).int64(0x90).int64(0xC8).int64(-1L)))
        .isEqualTo(new WalMessage.Commit(0, Lsn.of(0x90), Lsn.of(0xC8), Y2K.minusNanos(1000)));
  }

  @Test
  void originAndType() {
    assertThat(decode(type('O').int64(0x42).string("node_a")))
        .isEqualTo(new WalMessage.Origin(Lsn.of(0x42), "node_a"));
    assertThat(decode(type('Y').int32(16_390).string("public").string("mood")))
        .isEqualTo(new WalMessage.Type(0, 16_390, "public", "mood"));
  }

  @Test
  void relationWithKeyColumnsAndReplicaIdentity() {
    WalMessage m =
        decode(
            type('R')
                .int32(16_384)
                .string("app")
                .string("Orders")
                .int8('d')
                .int16(3)
                .int8(1)
                .string("id")
                .int32(20)
                .int32(-1)
                .int8(0)
                .string("note")
                .int32(25)
                .int32(-1)
                .int8(0)
                .string("price")
                .int32(1700)
                .int32(655_366));
    assertThat(m)
        .isEqualTo(
            new WalMessage.Relation(
                0,
                16_384,
                "app",
                "Orders",
                ReplicaIdentity.DEFAULT,
                List.of(
                    new Column(true, "id", 20, -1),
                    new Column(false, "note", 25, -1),
                    new Column(false, "price", 1700, 655_366))));
    WalMessage full = decode(type('R').int32(7).string("s").string("t").int8('f').int16(0));
    assertThat(((WalMessage.Relation) full).replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
  }

  @Test
  void insertTupleHoldsNullTextUtf8AndBinary() {
    byte[] blob = {0, (byte) 0xFF, 7};
    WalMessage.Insert insert =
        (WalMessage.Insert)
            decode(type('I').int32(16_384).int8('N').tuple("1", null, "grüße ✓", blob));
    assertThat(insert.xid()).isZero();
    assertThat(insert.relationOid()).isEqualTo(16_384);
    TupleData row = insert.newTuple();
    assertThat(row.size()).isEqualTo(4);
    assertThat(row.text(0)).isEqualTo("1");
    assertThat(row.isNull(1)).isTrue();
    assertThat(row.kind(1)).isEqualTo(TupleData.Kind.NULL);
    assertThat(row.text(2)).isEqualTo("grüße ✓");
    assertThat(row.kind(3)).isEqualTo(TupleData.Kind.BINARY);
    assertThat(row.binary(3)).containsExactly(blob);
    assertThatThrownBy(() -> row.text(1)).hasMessageContaining("column 1 is NULL, not TEXT");
  }

  @Test
  void updateKeepsUnchangedToastDistinctFromNull() {
    WalMessage.Update update =
        (WalMessage.Update) decode(type('U').int32(5).int8('N').tuple("1", UNCHANGED, null));
    assertThat(update.oldKind()).isEqualTo(OldTupleKind.NONE);
    assertThat(update.oldTuple()).isNull();
    TupleData row = update.newTuple();
    assertThat(row.isUnchangedToast(1)).isTrue();
    assertThat(row.isNull(1)).isFalse();
    assertThat(row.kind(1)).isEqualTo(TupleData.Kind.UNCHANGED_TOAST);
    assertThat(row.isNull(2)).isTrue();
    assertThat(row.isUnchangedToast(2)).isFalse();
    assertThat(row).hasToString("('1', <unchanged toast>, null)");
  }

  @Test
  void updateWithOldKeyOrOldRow() {
    WalMessage.Update keyChange =
        (WalMessage.Update)
            decode(type('U').int32(5).int8('K').tuple("1", null).int8('N').tuple("2", "x"));
    assertThat(keyChange.oldKind()).isEqualTo(OldTupleKind.KEY);
    assertThat(keyChange.oldTuple().text(0)).isEqualTo("1");
    assertThat(keyChange.newTuple().text(0)).isEqualTo("2");

    WalMessage.Update full =
        (WalMessage.Update)
            decode(type('U').int32(6).int8('O').tuple("a", "b").int8('N').tuple("a", "c"));
    assertThat(full.oldKind()).isEqualTo(OldTupleKind.FULL);
    assertThat(full.oldTuple().text(1)).isEqualTo("b");
    assertThat(full.newTuple().text(1)).isEqualTo("c");
  }

  @Test
  void deleteWithKeyOrFullRow() {
    WalMessage.Delete byKey =
        (WalMessage.Delete) decode(type('D').int32(5).int8('K').tuple("9", null));
    assertThat(byKey.oldKind()).isEqualTo(OldTupleKind.KEY);
    assertThat(byKey.oldTuple().text(0)).isEqualTo("9");
    WalMessage.Delete byRow =
        (WalMessage.Delete) decode(type('D').int32(6).int8('O').tuple("a", "b"));
    assertThat(byRow.oldKind()).isEqualTo(OldTupleKind.FULL);
    assertThat(byRow.oldTuple().size()).isEqualTo(2);
  }

  @Test
  void truncateOfManyRelationsWithOptions() {
    assertThat(decode(type('T').int32(3).int8(3).int32(10).int32(11).int32(-2)))
        .isEqualTo(new WalMessage.Truncate(0, true, true, List.of(10, 11, -2)));
    assertThat(decode(type('T').int32(1).int8(2).int32(10)))
        .isEqualTo(new WalMessage.Truncate(0, false, true, List.of(10)));
    assertThat(decode(type('T').int32(1).int8(0).int32(10)))
        .isEqualTo(new WalMessage.Truncate(0, false, false, List.of(10)));
  }

  @Test
  void logicalMessages() {
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(decode(type('M').int8(1).int64(0x77).string("mooncake").int32(5).bytes(content)))
        .isEqualTo(new WalMessage.LogicalMessage(0, true, Lsn.of(0x77), "mooncake", content));
    WalMessage.LogicalMessage nonTx =
        (WalMessage.LogicalMessage) decode(type('M').int8(0).int64(0x78).string("p").int32(0));
    assertThat(nonTx.transactional()).isFalse();
    assertThat(nonTx.content()).isEmpty();
  }

  @Test
  void changesInsideAStreamSegmentCarryTheirXid() {
    assertThat(decode(type('S').int32(700).int8(1)))
        .isEqualTo(new WalMessage.StreamStart(700, true));
    assertThat(decoder.inStreamSegment()).isTrue();
    assertThat(decode(type('Y').int32(701).int32(9).string("s").string("ty")))
        .isEqualTo(new WalMessage.Type(701, 9, "s", "ty"));
    assertThat(decode(type('R').int32(700).int32(5).string("s").string("t").int8('d').int16(0)))
        .isEqualTo(new WalMessage.Relation(700, 5, "s", "t", ReplicaIdentity.DEFAULT, List.of()));
    assertThat(
            ((WalMessage.Insert) decode(type('I').int32(701).int32(5).int8('N').tuple("1"))).xid())
        .isEqualTo(701);
    WalMessage.Update update =
        (WalMessage.Update)
            decode(type('U').int32(700).int32(5).int8('K').tuple("1").int8('N').tuple("2"));
    assertThat(update.xid()).isEqualTo(700);
    assertThat(update.oldTuple().text(0)).isEqualTo("1");
    assertThat(
            ((WalMessage.Delete) decode(type('D').int32(700).int32(5).int8('K').tuple("2"))).xid())
        .isEqualTo(700);
    assertThat(decode(type('T').int32(700).int32(1).int8(1).int32(5)))
        .isEqualTo(new WalMessage.Truncate(700, true, false, List.of(5)));
    assertThat(
            ((WalMessage.LogicalMessage)
                    decode(type('M').int32(700).int8(1).int64(1).string("p").int32(0)))
                .xid())
        .isEqualTo(700);
    assertThat(decode(type('E'))).isEqualTo(new WalMessage.StreamStop());
    assertThat(decoder.inStreamSegment()).isFalse();

    // Outside the segment the same insert has no xid field.
    assertThat(((WalMessage.Insert) decode(type('I').int32(5).int8('N').tuple("3"))).xid())
        .isZero();
    assertThat(decode(type('S').int32(700).int8(0)))
        .isEqualTo(new WalMessage.StreamStart(700, false));
  }

  @Test
  void streamCommitAndBothStreamAbortLayouts() {
    assertThat(decode(type('c').int32(700).int8(0).int64(0x100).int64(0x130).int64(2_000_000L)))
        .isEqualTo(
            new WalMessage.StreamCommit(700, 0, Lsn.of(0x100), Lsn.of(0x130), Y2K.plusSeconds(2)));
    assertThat(decode(type('A').int32(700).int32(702)))
        .isEqualTo(new WalMessage.StreamAbort(700, 702, null, null));
    assertThat(decode(type('A').int32(700).int32(700).int64(0x200).int64(0)))
        .isEqualTo(new WalMessage.StreamAbort(700, 700, Lsn.of(0x200), Y2K));
    assertThatThrownBy(() -> decode(type('A').int32(700).int32(700).int64(0x200)))
        .isInstanceOf(WalDecodingException.class)
        .hasMessage(
            "malformed pgoutput Stream Abort message at offset 17: needs 8 more bytes but the"
                + " message is 17 bytes long");
  }

  @Test
  void twoPhaseMessagesDecodeButTheDefaultListenerRefusesThem() {
    MessageBytes beginPrepare = type('b').int64(0x10).int64(0x20).int64(0).int32(5).string("gid1");
    assertThatThrownBy(() -> decode(beginPrepare))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("two-phase")
        .hasMessageContaining("gid1");

    List<WalMessage> seen = new java.util.ArrayList<>();
    WalListener twoPhase =
        new RecordingListener() {
          @Override
          public void onBeginPrepare(WalMessage.BeginPrepare m) {
            seen.add(m);
          }

          @Override
          public void onPrepare(WalMessage.Prepare m) {
            seen.add(m);
          }

          @Override
          public void onCommitPrepared(WalMessage.CommitPrepared m) {
            seen.add(m);
          }

          @Override
          public void onRollbackPrepared(WalMessage.RollbackPrepared m) {
            seen.add(m);
          }

          @Override
          public void onStreamPrepare(WalMessage.StreamPrepare m) {
            seen.add(m);
          }
        };
    for (MessageBytes m :
        List.of(
            beginPrepare,
            type('P').int8(0).int64(0x10).int64(0x20).int64(0).int32(5).string("gid1"),
            type('K').int8(0).int64(0x30).int64(0x40).int64(0).int32(5).string("gid1"),
            type('r').int8(0).int64(0x20).int64(0x50).int64(0).int64(1).int32(6).string("gid2"),
            type('p').int8(0).int64(0x10).int64(0x20).int64(0).int32(7).string("gid3"))) {
      byte[] b = m.build();
      decoder.decode(b, 0, b.length, twoPhase);
    }
    Instant t0 = Y2K;
    assertThat(seen)
        .containsExactly(
            new WalMessage.BeginPrepare(Lsn.of(0x10), Lsn.of(0x20), t0, 5, "gid1"),
            new WalMessage.Prepare(0, Lsn.of(0x10), Lsn.of(0x20), t0, 5, "gid1"),
            new WalMessage.CommitPrepared(0, Lsn.of(0x30), Lsn.of(0x40), t0, 5, "gid1"),
            new WalMessage.RollbackPrepared(
                0, Lsn.of(0x20), Lsn.of(0x50), t0, t0.plusNanos(1000), 6, "gid2"),
            new WalMessage.StreamPrepare(0, Lsn.of(0x10), Lsn.of(0x20), t0, 7, "gid3"));
  }

  @Test
  void decodesFromAByteBufferSliceWithoutMovingIt() {
    byte[] insert = type('I').int32(5).int8('N').tuple("x").build();
    byte[] framed = new byte[insert.length + 10];
    System.arraycopy(insert, 0, framed, 7, insert.length);
    ByteBuffer slice = ByteBuffer.wrap(framed, 7, insert.length).slice();
    decoder.decode(slice, listener);
    assertThat(slice.position()).isZero();
    assertThat(((WalMessage.Insert) listener.messages.get(0)).newTuple().text(0)).isEqualTo("x");
    decoder.decode(slice.asReadOnlyBuffer(), listener);
    assertThat(listener.messages.get(1)).isEqualTo(listener.messages.get(0));
  }

  @Test
  void malformedMessagesFailWithTypeAndOffset() {
    assertMalformed(new MessageBytes(), "empty pgoutput message");
    assertMalformed(type('Z'), "unknown pgoutput message type 'Z' at offset 0");
    assertMalformed(
        type('B').int64(1).int32(0),
        "malformed pgoutput Begin message at offset 9: needs 8 more bytes but the message is 13"
            + " bytes long");
    assertMalformed(
        type('I').int32(5).int8('N').int16(1).int8('t').int32(10).bytes(new byte[3]),
        "malformed pgoutput Insert message at offset 13: needs 10 more bytes but the message is 16"
            + " bytes long");
    assertMalformed(
        type('I').int32(5).int8('N').int16(2).int8('n').int8('x'),
        "malformed pgoutput Insert message at offset 9: column 1 has unknown kind 'x'");
    assertMalformed(
        type('I').int32(5).int8('X'),
        "malformed pgoutput Insert message at offset 5: expected tuple tag 'N' but found 'X'");
    assertMalformed(
        type('U').int32(5).int8('K').tuple("1").int8('Q'),
        "malformed pgoutput Update message at offset 14: expected tuple tag 'K', 'O' or 'N' but"
            + " found 'Q'");
    assertMalformed(
        type('D').int32(5).int8('N').tuple("1"),
        "malformed pgoutput Delete message at offset 5: expected tuple tag 'K' or 'O' but found 'N'");
    assertMalformed(
        type('R').int32(5).string("s").bytes("abc".getBytes(StandardCharsets.UTF_8)),
        "malformed pgoutput Relation message at offset 7: unterminated string");
    assertMalformed(
        type('R').int32(5).string("s").string("t").int8('z').int16(0),
        "malformed pgoutput Relation message at offset 9: unknown replica identity 'z'");
    assertMalformed(
        type('T').int32(1000).int8(0).int32(1),
        "malformed pgoutput Truncate message at offset 1: truncates 1000 relations but only 4"
            + " bytes follow");
    assertMalformed(
        type('C').int8(0).int64(1).int64(2).int64(3).int8(9),
        "malformed pgoutput Commit message at offset 26: 1 unexpected trailing bytes");
    assertMalformed(
        type('I').int32(5).int8('N').int16(1).int8('t').int32(-5),
        "malformed pgoutput Insert message at offset 9: negative value length -5");
  }

  private void assertMalformed(MessageBytes message, String expected) {
    byte[] bytes = message.build();
    assertThatThrownBy(() -> decoder.decode(bytes, 0, bytes.length, listener))
        .isInstanceOf(WalDecodingException.class)
        .hasMessage(expected);
  }
}
