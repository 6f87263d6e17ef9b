package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/** One SLF4J binding, telemetry's: a second one makes SLF4J print a "multiple providers" warning on every command. */
class Slf4jBindingTest {

    @Test
    void theCliShipsExactlyOneBinding_telemetrys() {
        assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(provider -> provider.type().getName()))
                .containsExactly("dev.permalinker.telemetry.TelemetryServiceProvider");
    }
}
