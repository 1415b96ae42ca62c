package dev.foodlens.sync.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import co.elastic.logging.logback.EcsEncoder;
import io.vertx.core.json.Json;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Elastic's ECS encoder ({@code @timestamp}, {@code log.level}, {@code message},
 * {@code log.logger}, {@code error.*}, ...) plus each event's SLF4J key-values as top-level
 * fields, which the encoder itself leaves out: the access log's {@code http.request.method},
 * {@code url.path}, {@code user.id}, {@code trace.id} and the rest are key-values. A value keeps
 * its JSON type (a status is a number, not a string).
 */
public class EcsLineEncoder extends EcsEncoder {
  @Override
  protected void addCustomFields(ILoggingEvent event, StringBuilder builder) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return;
    }
    for (KeyValuePair pair : pairs) {
      builder.append(Json.encode(pair.key)).append(':').append(Json.encode(pair.value))
          .append(',');
    }
  }
}
