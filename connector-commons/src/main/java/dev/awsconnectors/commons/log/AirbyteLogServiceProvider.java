package dev.awsconnectors.commons.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** The SLF4J 2 provider of every connector: all logging, ours and the libraries', ends up in {@link LogRouter}. */
public final class AirbyteLogServiceProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();
  private ILoggerFactory loggerFactory;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    LogLevels levels = LogLevels.fromEnvironment();
    ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    loggerFactory = name -> loggers.computeIfAbsent(name, n -> new AirbyteLogger(n, levels.thresholdFor(n)));
  }
}
