package com.auterity.hub.gateway.internal;

import com.auterity.hub.shared.Correlation;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: fixes its correlation id (echoed as {@code X-Request-Id}, kept in
 * the MDC for every log line of the request) and writes one access-log line when it ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationFilter extends OncePerRequestFilter {

    private static final String ID = CorrelationFilter.class.getName() + ".id";
    private static final Logger access = LoggerFactory.getLogger("com.auterity.hub.access");

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the same request comes back for its async completion and for its error page
        String id = (String) request.getAttribute(ID);
        boolean first = id == null;
        if (first) {
            id = Correlation.acceptOrCreate(request.getHeader(Correlation.HEADER));
            request.setAttribute(ID, id);
            response.setHeader(Correlation.HEADER, id);
        }
        long start = System.nanoTime();
        MDC.put(Correlation.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (first && request.isAsyncStarted()) {
                String correlation = id;
                request.getAsyncContext()
                        .addListener(
                                new AsyncListener() {
                                    public void onComplete(AsyncEvent event) {
                                        MDC.put(Correlation.MDC_KEY, correlation);
                                        logAccess(request, response, start);
                                        MDC.remove(Correlation.MDC_KEY);
                                    }

                                    public void onTimeout(AsyncEvent event) {}

                                    public void onError(AsyncEvent event) {}

                                    public void onStartAsync(AsyncEvent event) {}
                                });
            } else if (first) {
                logAccess(request, response, start);
            }
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    private static void logAccess(
            HttpServletRequest request, HttpServletResponse response, long start) {
        access.info(
                "{} {} -> {} in {} ms",
                request.getMethod(),
                request.getRequestURI(),
                response.getStatus(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
