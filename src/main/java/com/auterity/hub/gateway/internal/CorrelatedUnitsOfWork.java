package com.auterity.hub.gateway.internal;

import com.auterity.hub.shared.Correlation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.impl.engine.DefaultUnitOfWorkFactory;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Keeps the correlation id on the log lines of a route wherever Camel runs it: an exchange takes
 * the id of the thread it starts on (or of the exchange it was copied from: a branch, a split
 * item), and each step run on another thread (a parallel branch, a delay, a timed attempt, an
 * asynchronous answer) puts it in that thread's logging MDC for the step's time.
 *
 * <p>Camel's own MDC logging ({@code camel.main.use-mdc-logging}, off by default) adds Camel's keys
 * but copies the whole MDC at every step of every route, and carries our id (with a keys pattern)
 * only when a step ends asynchronously; this costs a look-up per step on the thread that already
 * has the id. When it is turned on, Camel's units of work are used instead.
 */
@Component
class CorrelatedUnitsOfWork implements UnitOfWorkFactory {

    /** Exchange property: the correlation id, copied with the exchange into branches and items. */
    static final String PROPERTY = "hubCorrelationId";

    private InflightRepository inflight;
    private boolean allowUseOriginalMessage;
    private boolean useBreadcrumb;

    /** Camel's own factory, used instead when Camel's MDC logging is turned on. */
    private UnitOfWorkFactory camelMdc;

    @Override
    public void afterPropertiesConfigured(CamelContext camel) {
        inflight = camel.getInflightRepository();
        allowUseOriginalMessage = camel.isAllowUseOriginalMessage();
        useBreadcrumb = camel.isUseBreadcrumb();
        if (Boolean.TRUE.equals(camel.isUseMDCLogging())) {
            camelMdc = new DefaultUnitOfWorkFactory();
            camelMdc.afterPropertiesConfigured(camel);
        }
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        if (camelMdc != null) {
            return camelMdc.createUnitOfWork(exchange);
        }
        String id = exchange.getProperty(PROPERTY, String.class);
        if (id == null) {
            id = Correlation.current();
            if (id != null) {
                exchange.setProperty(PROPERTY, id);
            }
        }
        return id == null
                ? new DefaultUnitOfWork(exchange, inflight, allowUseOriginalMessage, useBreadcrumb)
                : new Correlated(exchange, this, id);
    }

    private static final class Correlated extends DefaultUnitOfWork {

        private final String id;
        private final Thread origin;

        Correlated(Exchange exchange, CorrelatedUnitsOfWork factory, String id) {
            super(
                    exchange,
                    factory.inflight,
                    factory.allowUseOriginalMessage,
                    factory.useBreadcrumb);
            this.id = id;
            this.origin = Thread.currentThread();
        }

        @Override
        public boolean isBeforeAfterProcess() {
            return true;
        }

        @Override
        public AsyncCallback beforeProcess(
                Processor processor, Exchange exchange, AsyncCallback callback) {
            if (!id.equals(Correlation.current())) {
                MDC.put(Correlation.MDC_KEY, id);
            }
            return super.beforeProcess(processor, exchange, callback);
        }

        @Override
        public void afterProcess(
                Processor processor, Exchange exchange, AsyncCallback callback, boolean doneSync) {
            // a pool's thread: the next task it runs may belong to another request, or none
            if (Thread.currentThread() != origin && id.equals(Correlation.current())) {
                MDC.remove(Correlation.MDC_KEY);
            }
        }
    }
}
