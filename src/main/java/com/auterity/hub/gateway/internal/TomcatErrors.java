package com.auterity.hub.gateway.internal;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Installs {@link JsonErrorReportValve} on the embedded Tomcat. */
@Component
class TomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(
                context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                    }
                });
    }
}
