package dev.foodlens.sync.store;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket write per burst of statements. The pg client flushes after every command it is
 * given, so a write that pipelines BEGIN, the user setting and two statements costs four
 * {@code write} calls, and each is a system call (on this kind of virtual machine, the largest
 * single cost of a request). Netty's {@link FlushConsolidationHandler}, placed in front of the
 * pg codec, holds those flushes until the event loop finishes the task that made them (or,
 * while Postgres's answer is being read, until the read completes), then flushes once.
 *
 * <p>Reaches the connection's Netty pipeline through the client's internal API, which
 * {@code FlushConsolidationTest} pins: if a Vert.x upgrade moves it, that test fails rather
 * than the gateway quietly writing more.
 */
public final class FlushConsolidation {
  private static final Logger LOG = LoggerFactory.getLogger(FlushConsolidation.class);
  static final String NAME = "foodlens-flush-consolidation";
  /** Flush at the latest after this many held flushes, so a long burst still streams out. */
  private static final int MOST_HELD = 64;

  private FlushConsolidation() {}

  /**
   * Installs the handler on {@code connection}'s socket (once; idempotent). A connection whose
   * pipeline is not the expected one keeps working unconsolidated, with a warning.
   */
  public static void install(SqlConnection connection) {
    try {
      ChannelPipeline pipeline = pipeline(connection);
      if (pipeline.get(NAME) == null) {
        pipeline.addBefore("codec", NAME, new FlushConsolidationHandler(MOST_HELD, true));
      }
    } catch (RuntimeException e) {
      LOG.warn("pg connection without flush consolidation: {}", e.toString());
    }
  }

  /** The Netty pipeline under a pg client connection, pooled or not. */
  public static ChannelPipeline pipeline(SqlConnection connection) {
    Connection socket = ((SqlConnectionInternal) connection).unwrap().unwrap();
    return ((SocketConnectionBase) socket).socket().channelHandlerContext().pipeline();
  }
}
