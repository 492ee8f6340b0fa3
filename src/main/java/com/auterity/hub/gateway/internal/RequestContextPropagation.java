package com.auterity.hub.gateway.internal;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * platform-http hands each request to Spring's task executor, so the route runs on another thread
 * than the servlet filters. This decorator carries the request's logging MDC (its correlation id)
 * and its security context over to that thread, and clears both afterwards.
 */
@Configuration(proxyBeanMethods = false)
class RequestContextPropagation {

    @Bean
    TaskDecorator requestContextTaskDecorator() {
        return task -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            SecurityContext security = SecurityContextHolder.getContext();
            return () -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                SecurityContextHolder.setContext(security);
                try {
                    task.run();
                } finally {
                    MDC.clear();
                    SecurityContextHolder.clearContext();
                }
            };
        };
    }
}
