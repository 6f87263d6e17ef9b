package dev.permalinker.telemetry;

import java.time.Clock;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the functions and the local runner, found through {@code META-INF/services}. Reads
 * {@link LogConfig} from the environment once, when SLF4J initialises.
 */
public final class TelemetryServiceProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private ILoggerFactory loggers;

    @Override
    public void initialize() {
        LogConfig settings = LogConfig.fromProcessEnv();
        LogSink sink = LogSink.of(settings);
        loggers = new StructuredLoggerFactory(settings, sink, Clock.systemUTC());
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
