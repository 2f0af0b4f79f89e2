package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.swig.settings_pack;

/**
 * The upload rate the engine plans its "busy" answers with ({@code Builder.uploadRate}): the
 * configured one, else the session's own upload limit, read from a real session.
 */
class UploadRateTest {

  @Test
  void aConfiguredRateWinsThenTheSessionsUploadLimitThenUnknown() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetAddress host = InetAddress.getByName("127.0.7.5");
    SettingsPack limited = LoopbackSessions.settings(host, 0)
        .setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), 500_000);
    SessionManager s = LoopbackSessions.start(limited);
    try {
      assertEquals(2_000_000, Attachment.uploadRate(2_000_000, s), "the client's own figure");
      assertEquals(500_000, Attachment.uploadRate(0, s), "the session's upload limit");
    } finally {
      s.stop();
    }
    SessionManager unlimited = LoopbackSessions.start(LoopbackSessions.settings(host, 0));
    try {
      assertEquals(0, Attachment.uploadRate(0, unlimited), "no limit: unknown, nobody is turned away for backlog");
    } finally {
      unlimited.stop();
    }
  }
}
