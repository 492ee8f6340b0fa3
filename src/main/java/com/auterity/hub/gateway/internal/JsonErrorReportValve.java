package com.auterity.hub.gateway.internal;

import com.auterity.hub.shared.ApiErrors;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat refuses some requests before any filter or servlet sees them (an encoded slash in the
 * path, a malformed URL). Its stock valve answers those with an HTML page; this one answers with
 * the standard JSON error. Tomcat creates it by class name, hence public with no arguments.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String code = resolved == null ? "BAD_REQUEST" : ApiErrors.codeFor(resolved);
        String message = resolved == null ? "The request was refused" : resolved.getReasonPhrase();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(
                        "{\"code\":\""
                                + code
                                + "\",\"message\":\""
                                + message
                                + "\",\"details\":null,\"correlation_id\":null}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response already started: nothing more to say
        }
    }
}
